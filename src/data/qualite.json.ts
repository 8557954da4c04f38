// Prints the load report, aggregated (files, rows read / loaded / rejected, rejected rows by
// rule and by département, warnings): never the content of a rejected record.
import { lireQualite, ouvrirLecture } from './lecture.ts';

const lecture = await ouvrirLecture();
try {
  process.stdout.write(JSON.stringify(await lireQualite(lecture.con)));
} finally {
  lecture.fermer();
}
