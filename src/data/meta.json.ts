// Prints the site metadata: confidentiality threshold, years, indicator labels, units and
// definitions, reference data (organismes, départements), counts of cells by status.
import { lireMeta, ouvrirLecture } from './lecture.ts';

const lecture = await ouvrirLecture();
try {
  process.stdout.write(JSON.stringify(await lireMeta(lecture.con)));
} finally {
  lecture.fermer();
}
