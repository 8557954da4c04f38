// Prints the site's datasets as one tar archive, from one read of the published set (and the
// aggregated load report); Framework serves its members as data/site/<member>:
// - meta.json: threshold, years, indicator labels, units and definitions, reference data;
// - comparaison.json: every scope side by side for the main indicators, every year;
// - qualite.json: the load report, aggregated (never a rejected record's content);
// - perimetres/<national|organisme-CODE|departement-CODE>.json: one bilan page's figures, with
//   its parents (and its children's main figures).
import { archiveTar } from './tar.ts';
import { lireSite, ouvrirLecture } from './published-reader.ts';

const lecture = await ouvrirLecture();
try {
  const fichiers = await lireSite(lecture.con);
  process.stderr.write(`site : ${fichiers.size} fichiers de données\n`);
  process.stdout.write(archiveTar(fichiers));
} finally {
  lecture.fermer();
}
