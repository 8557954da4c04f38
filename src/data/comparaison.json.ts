// Prints every scope (nation, organismes, départements) side by side for the main indicators,
// every year, from the published set: the comparison page reads it.
import { lireComparaison, ouvrirLecture } from './lecture.ts';

const lecture = await ouvrirLecture();
try {
  process.stdout.write(JSON.stringify(await lireComparaison(lecture.con)));
} finally {
  lecture.fermer();
}
