import { StudentApp } from './student/student-app';

/** The phone's home: join a game with its code, or resume the one this phone is in. */
export default function Home() {
  return <StudentApp initialCode={null} />;
}
