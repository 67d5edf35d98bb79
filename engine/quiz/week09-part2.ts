/**
 * The built-in "Week 09 part 2: numbers through the chain" pack: the
 * lecture's Network I with concrete values (sigmoid, then ReLU), a forward
 * value, local derivatives written in symbols (g′, weights, activations;
 * each student their own weight for the first) and then as numbers, gradients with one and with two paths (each
 * student with their own values for the finale), then vanishing gradients:
 * the sigmoid bound (1/4)^(k−1) as a formula, and a number on a deep
 * layered network whose ∂E/∂n shrink layer by layer. No answer is typed
 * here: the engine computes every key and every mistake's value.
 */
import type { PackSpecInput } from './pack-schema';

/** Id of the Week 09 part 2 pack. */
export const WEEK09_PART2_PACK_ID = 'week09-part2';

/** Network I with sigmoid activations: every value a short decimal. */
const NET1_SIGMOID = {
  activation: 'sigmoid',
  inputs: { x1: 0.3, x2: -0.7 },
  inputWeights: { 'v_{1,1}': 0.4, 'v_{2,2}': 0.9 },
  weights: { 'w_{1,3}': 0.5, 'w_{1,4}': -0.3, 'w_{2,4}': 0.8, 'w_{2,5}': 0.6, 'w_{3,6}': -1, 'w_{4,6}': 0.7, 'w_{5,7}': 0.2 },
  biases: { n4: 0.1 },
  targets: { n6: 1, n7: 0 },
} as const;

/** Network I with ReLU activations: every value an exact fraction. */
const NET1_RELU = {
  activation: 'relu',
  inputs: { x1: 1, x2: 2 },
  inputWeights: { 'v_{1,1}': 0.5, 'v_{2,2}': 0.5 },
  weights: { 'w_{1,3}': 1, 'w_{1,4}': 0.5, 'w_{2,4}': 0.25, 'w_{2,5}': 2, 'w_{3,6}': 0.5, 'w_{4,6}': 2, 'w_{5,7}': -1 },
  biases: { n6: 0.25, n7: 3 },
  targets: { n6: 0, n7: 0 },
} as const;

/** The Week 09 part 2 pack as authored (defaults filled in by `compilePack`). */
export const WEEK09_PART2_PACK_INPUT: PackSpecInput = {
  format: 1,
  id: WEEK09_PART2_PACK_ID,
  title: 'Week 09 part 2: numbers through the chain',
  course: 'Neural networks',
  author: 'gradflow',
  description:
    'Plug numbers into the chain rule: forward values, local derivatives ∂n_i/∂n_k = g′(z_i) w_{k,i}, the squared error E = Σ (n − y)², gradients as sums over paths, and why sigmoid gradients vanish with depth.',
  networks: {
    net1: 'week09-net1',
    deep: { generator: 'layered', widths: [2, 2, 2, 2, 2], numbering: 'from-loss', name: 'Deep layered network (five layers of 2)' },
  },
  questions: [
    {
      id: 'forward-n4',
      type: 'numeric',
      network: 'net1',
      values: NET1_SIGMOID,
      compute: 'forward',
      of: 'n4',
      timeLimitSec: 90,
      prompt: 'Network I with numbers. Each neuron computes $n_i = g(z_i)$ with $z_i = b_i + \\sum_k w_{k,i} n_k + \\sum_l v_{l,i} x_l$. Start with the forward pass.',
    },
    {
      id: 'write-n5-w25',
      type: 'local',
      network: 'net1',
      derivative: 'n_5/w_{2,5}',
      variants: { kind: 'same-kind' },
      timeLimitSec: 60,
      prompt: "One level down, in symbols first. $n_i = g(z_i)$ with $z_i = b_i + \\sum_k w_{k,i} n_k + \\sum_l v_{l,i} x_l$: write a local derivative in terms of $g'$ and the weights or activations (everyone gets their own weight).",
    },
    {
      id: 'write-n6-n4',
      type: 'local',
      network: 'net1',
      derivative: 'n_6/n_4',
      timeLimitSec: 60,
      prompt: 'Now along an edge: the derivative of one neuron by the neuron that feeds it.',
    },
    {
      id: 'write-e-n7',
      type: 'local',
      network: 'net1',
      derivative: 'E/n_7',
      timeLimitSec: 60,
      prompt: 'And at the top: the loss is the squared error $E = \\sum_o (n_o - y_o)^2$.',
    },
    {
      id: 'loss-factor-n7',
      type: 'numeric',
      network: 'net1',
      values: NET1_SIGMOID,
      compute: 'local',
      of: 'E',
      wrt: 'n7',
      timeLimitSec: 90,
      prompt: 'Same values. The loss is the squared error $E = \\sum_o (n_o - y_o)^2$: what is the factor $\\partial E/\\partial n_7$ every path through $n_7$ starts with?',
    },
    {
      id: 'local-n6-n4',
      type: 'numeric',
      network: 'net1',
      values: NET1_SIGMOID,
      compute: 'local',
      of: 'n6',
      wrt: 'n4',
      timeLimitSec: 90,
      prompt: "Same values. One local derivative along an edge: $\\partial n_6/\\partial n_4 = g'(z_6)\\, w_{4,6}$, with $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$.",
    },
    {
      id: 'grad-w25',
      type: 'numeric',
      network: 'net1',
      values: NET1_SIGMOID,
      wrt: 'w_{2,5}',
      timeLimitSec: 120,
      prompt: 'Same values. One path leads from $E$ to $w_{2,5}$: multiply its three local derivatives.',
    },
    {
      id: 'grad-v11',
      type: 'numeric',
      network: 'net1',
      values: NET1_SIGMOID,
      wrt: '(v_{1,1})_d',
      timeLimitSec: 150,
      points: 2,
      prompt: 'Same values. Two paths lead from $E$ to $(v_{1,1})_d$: add their products.',
    },
    {
      id: 'relu-x2',
      type: 'numeric',
      network: 'net1',
      values: NET1_RELU,
      wrt: '(x_2)_d',
      tolerance: { digits: 3 },
      timeLimitSec: 150,
      prompt: "Now with ReLU: $g'(z)$ is $1$ for $z > 0$ and $0$ for $z < 0$, so every number is exact (a fraction such as -1/8 is fine).",
    },
    {
      id: 'own-values-v11',
      type: 'numeric',
      network: 'net1',
      values: NET1_SIGMOID,
      wrt: '(v_{1,1})_d',
      timeLimitSec: 150,
      points: 2,
      variants: { kind: 'values' },
      prompt: 'Everyone gets their own values: the same network, your own numbers.',
    },
    {
      id: 'vanishing-bound',
      type: 'formula',
      quantity: 'sigmoid-path-bound',
      numbering: 'from-loss',
      network: 'deep',
      prompt:
        "Vanishing gradients (Task 2, continued). With sigmoid activations ($\\sigma' \\le 1/4$) and every weight $|w| \\le 1$, how large can $\\left|\\frac{\\partial n^{(1)}}{\\partial n^{(2)}} \\cdots \\frac{\\partial n^{(k-1)}}{\\partial n^{(k)}}\\right|$ be, the part of one path's product below $\\partial E/\\partial n^{(1)}$, for a neuron in layer $k$? Answer with a formula in $k$.",
    },
    {
      id: 'deep-n1',
      type: 'numeric',
      network: 'deep',
      values: { generate: { seed: 3, activation: 'sigmoid' } },
      wrt: 'n1',
      timeLimitSec: 180,
      points: 2,
      prompt:
        'The deep network, five layers of two sigmoid neurons counted from the loss. $n_1$ is in layer 5, sixteen paths below $E$. Compute $\\partial E/\\partial n_1$, and see at the reveal how $\\partial E/\\partial n$ shrinks layer by layer.',
    },
  ],
};
