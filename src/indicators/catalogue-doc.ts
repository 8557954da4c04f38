// docs/indicateurs.md, the users' catalogue of the indicators, generated from the metadata.
// Run `npm run docs:indicateurs` (or `npx tsx src/indicators/catalogue-doc.ts`) after changing the catalogue.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { labelOf, type CodeList } from '../contract/reference.ts';
import { AGE_BRACKETS, CATALOGUE, type IndicatorMeta, type Unit } from './catalogue.ts';
import { DAYS_PER_MONTH } from './blocks.ts';

/** Path of the generated file. */
export const DOCS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'indicateurs.md');

const UNIT_LABEL: Record<Unit, string> = {
  personnes: 'personnes',
  evenements: 'nombre',
  part: 'part (0 à 1)',
  moyenne: 'moyenne',
  mois: 'mois',
  ratio: 'ratio',
  evolution: 'évolution (0,07 = +7 %)',
};

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The French label of a category of an indicator. */
function categoryLabel(m: IndicatorMeta): string {
  if (!m.category) return '';
  const { list, code } = m.category;
  if (list !== 'tranche_age' && labelOf(list, code) === code) return `groupe \`${code}\``;
  const label = list === 'tranche_age' ? (AGE_BRACKETS.find((b) => b.code === code)?.label ?? code) : labelOf(list as CodeList, code);
  return label === code ? `\`${code}\`` : `\`${code}\` (${label})`;
}

/** What the denominator of an indicator is, in French. */
function baseText(m: IndicatorMeta): string {
  if (m.unit === 'personnes' || m.unit === 'evenements') return m.base ? `inclus dans \`${m.base}\`` : '';
  if (m.base) return `\`${m.base}\``;
  return m.denominator ?? '';
}

/** The Markdown text of docs/indicateurs.md. */
export function catalogueMarkdown(): string {
  const out: string[] = [
    '# Catalogue des indicateurs du bilan',
    '',
    '<!-- Fichier généré par `npm run docs:indicateurs` à partir de src/indicators/catalogue.ts : ne pas modifier à la main. -->',
    '',
    'Chaque indicateur est calculé pour chaque année présente dans les données et pour chaque périmètre :',
    'national (`FR`), chacun des 21 organismes et chacun des 101 départements. Un périmètre retient les lignes',
    'dont le département en fait partie (pour les entretiens, préconisations et actions de remobilisation : le',
    'département de leur accompagnement ; pour les situations examinées : celui de leur instance).',
    '',
    "- **Accompagné dans l'année** : au moins un entretien daté de l'année dans le périmètre. Une personne",
    '  (assure_id) est comptée une seule fois par indicateur.',
    "- **Profil** (sexe, âge, situation d'emploi, risque) : celui de l'accompagnement de la personne qui",
    "  remplit les conditions de l'indicateur (périmètre, axe, entretien dans l'année) et dont la date de début",
    "  est la plus récente ; à égalité, celui dont l'identifiant est le plus grand (ordre des octets). Ce choix",
    '  se fait par périmètre et par axe.',
    '- **Valeurs brutes** : effectifs entiers, parts entre 0 et 1, durées en mois décimaux',
    `  (jours / ${String(DAYS_PER_MONTH).replace('.', ',')}), quartiles par interpolation linéaire. Une part, une moyenne ou un ratio`,
    '  dont la base est vide est vide (null). Les ventilations par catégorie listent tous les codes, 0 compris.',
    '- Les indicateurs `pdp.*` tirés des entretiens, préconisations et actions ne retiennent que les',
    "  accompagnements de l'axe PDP (de même `sps.*`) ; les identifiants sans préfixe d'axe prennent tous les axes.",
    '- Chaque valeur est stockée avec son numérateur et son dénominateur (table `facts`). La règle de',
    '  confidentialité est appliquée ensuite, sur ce qui est publié.',
    '',
    "Colonnes : **base** = l'indicateur (ou la population) qui sert de dénominateur ; pour un effectif,",
    "l'effectif dont il est une partie. **Famille** = ventilation dont les membres se partagent exactement la base.",
    '',
  ];
  const themes = [...new Set(CATALOGUE.map((m) => m.theme))];
  for (const t of themes) {
    out.push(
      `## ${t}`,
      '',
      '| identifiant | libellé | unité | définition | base | famille / catégorie |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const m of CATALOGUE.filter((x) => x.theme === t)) {
      const fam = [m.family ? `\`${m.family}\`` : '', categoryLabel(m)].filter(Boolean).join(' : ');
      const def = m.requires ? `${m.definition} Présent seulement si la table \`${m.requires}\` a des lignes.` : m.definition;
      out.push(`| \`${m.id}\` | ${cell(m.label)} | ${UNIT_LABEL[m.unit]} | ${cell(def)} | ${cell(baseText(m))} | ${cell(fam)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Writes docs/indicateurs.md. */
export function writeCatalogueDocs(path: string = DOCS_PATH): void {
  writeFileSync(path, catalogueMarkdown());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeCatalogueDocs();
