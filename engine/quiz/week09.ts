/**
 * The built-in "Week 09 — how the gradient flows" pack, written as a pack
 * author would (lecture/week09-gradient-flow.md): a warm-up count, then
 * highlight, expression and count questions alternating on the lecture's two
 * networks (all seven worked answers of Task 1), then Task 2 on a deep
 * layered network, and a finale where every student gets their own network.
 * No answer is typed here: the engine computes every key from the graph.
 */
import type { PackSpecInput } from './pack-schema';

/** Id of the Week 09 pack. */
export const WEEK09_PACK_ID = 'week09';

const WRITE = 'in terms of the local derivatives (the atoms $\\partial E/\\partial n_i$ for output neurons and $\\partial n_k/\\partial n_i$, $\\partial n_i/\\partial w_{k,i}$, … along the edges).';

/** The Week 09 pack as authored (defaults filled in by `compilePack`). */
export const WEEK09_PACK_INPUT: PackSpecInput = {
  format: 1,
  id: WEEK09_PACK_ID,
  title: 'Week 09 — how the gradient flows',
  course: 'Neural networks',
  author: 'gradflow',
  description:
    'Backpropagation as paths: every ∂E/∂(something) is a sum with one term per path from the loss E down to it, each term a product of local derivatives.',
  networks: {
    net1: 'week09-net1',
    net2: 'week09-net2',
    deep: { generator: 'layered', widths: [3, 4, 4, 2], numbering: 'from-loss', name: 'Deep layered network (3, 4, 4, 2 from the loss)' },
  },
  questions: [
    {
      id: 'warmup-paths-n1',
      type: 'count',
      count: 'paths',
      network: 'net1',
      target: 'n_1',
      prompt: 'Warm-up. In Network I, along how many different paths does the gradient flow from the loss $E$ down to $n_1$?',
    },
    {
      id: 'highlight-w25',
      type: 'highlight',
      network: 'net1',
      target: 'w_{2,5}',
      prompt: 'Tap every edge the gradient flows through from $E$ to $w_{2,5}$.',
    },
    {
      id: 'expr-n4',
      type: 'expression',
      network: 'net1',
      target: 'n_4',
      timeLimitSec: 60,
      prompt: `Network I. Write $\\partial E/\\partial n_4$ ${WRITE}`,
    },
    {
      id: 'expr-w25',
      type: 'expression',
      network: 'net1',
      target: 'w_{2,5}',
      timeLimitSec: 60,
      prompt: `Network I. Write $\\partial E/\\partial w_{2,5}$ ${WRITE}`,
    },
    {
      id: 'highlight-v11',
      type: 'highlight',
      network: 'net1',
      target: '(v_{1,1})_d',
      prompt: 'Tap every edge the gradient flows through from $E$ to $(v_{1,1})_d$, the weight vector from input $x_1$ into $n_1$.',
    },
    {
      id: 'expr-v11',
      type: 'expression',
      network: 'net1',
      target: '(v_{1,1})_d',
      prompt: `Network I. Write $\\partial E/\\partial (v_{1,1})_d$ ${WRITE}`,
    },
    {
      id: 'paths-x2',
      type: 'count',
      count: 'paths',
      network: 'net1',
      target: '(x_2)_d',
      prompt: 'Network I. How many terms does $\\partial E/\\partial (x_2)_d$ have when fully multiplied out, i.e. how many paths lead from $E$ to the input $x_2$?',
    },
    {
      id: 'expr-x2',
      type: 'expression',
      network: 'net1',
      target: '(x_2)_d',
      prompt: `Network I. Write $\\partial E/\\partial (x_2)_d$ ${WRITE}`,
    },
    {
      id: 'highlight-net2-w24',
      type: 'highlight',
      network: 'net2',
      target: 'w_{2,4}',
      prompt: 'Network II. Tap every edge the gradient flows through from $E$ to $w_{2,4}$.',
    },
    {
      id: 'expr-net2-w24',
      type: 'expression',
      network: 'net2',
      target: 'w_{2,4}',
      prompt: `Network II. Write $\\partial E/\\partial w_{2,4}$ ${WRITE}`,
    },
    {
      id: 'expr-net2-v22',
      type: 'expression',
      network: 'net2',
      target: '(v_{2,2})_d',
      prompt: `Network II. Write $\\partial E/\\partial (v_{2,2})_d$ ${WRITE}`,
    },
    {
      id: 'paths-net2-n1',
      type: 'count',
      count: 'paths',
      network: 'net2',
      target: 'n_1',
      prompt: 'Network II. Along how many paths does the gradient flow from $E$ down to $n_1$?',
    },
    {
      id: 'expr-net2-n1',
      type: 'expression',
      network: 'net2',
      target: 'n_1',
      timeLimitSec: 90,
      points: 2,
      prompt: `Network II. Write $\\partial E/\\partial n_1$ ${WRITE}`,
    },
    {
      id: 'deep-paths-layer4',
      type: 'count',
      count: 'paths',
      network: 'deep',
      target: 'n_1',
      timeLimitSec: 45,
      prompt:
        'A deeper, fully connected network: layers of 3, 4, 4 and 2 neurons counted from the loss. How many paths lead from $E$ to $n_1$ in the bottom layer (layer 4)?',
    },
    {
      id: 'deep-factors-layer4',
      type: 'count',
      count: 'factors',
      network: 'deep',
      target: 'n_1',
      prompt: 'Same network. Pick **one** path from $E$ to $n_1$ (layer 4). How many factors are in its product?',
    },
    {
      id: 'task2-factors-k',
      type: 'formula',
      quantity: 'factors-to-neuron',
      numbering: 'from-loss',
      network: 'deep',
      prompt: 'Task 2. For **one** path from the loss $E$ to a neuron in layer $k > 1$, how many factors are in the product? Answer with a formula in $k$.',
    },
    {
      id: 'task2-weight-from-input',
      type: 'formula',
      quantity: 'factors-to-weight',
      numbering: 'from-input',
      prompt:
        'Now number the layers the other way round. For **one** path from $E$ to a weight $w$ feeding a neuron in layer $k$, how many factors are in the product? Answer with a formula in $k$ and $L$.',
    },
    {
      id: 'own-network',
      type: 'expression',
      network: 'net2',
      target: '(v_{1,1})_d',
      timeLimitSec: 90,
      points: 2,
      prompt: `Finale — everyone gets their own network. Write $\\partial E/\\partial {{target}}$ ${WRITE}`,
      variants: { kind: 'random-network', neurons: [6, 9], depth: 3 },
    },
  ],
};
