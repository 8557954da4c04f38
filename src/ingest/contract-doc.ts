// docs/data-contract.md, for the producers of extracts (in French), generated from the contract
// (src/contract/schema.ts, messages.ts, reference data) so that it cannot drift: a test compares
// the file with contractDoc(). Regenerate with `npx tsx src/ingest/contract-doc.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { RULE_TEXTS, type RuleKind } from '../contract/messages.ts';
import { codesOf } from '../contract/reference.ts';
import { IDENTIFIER_COLUMNS, RULE_CODES, TABLES, type ColumnSpec, type TableSpec } from '../contract/schema.ts';
import { ERRORS_CAP } from './report.ts';

/** Path of the generated document. */
export const CONTRACT_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'data-contract.md');

const TYPE_FR: Record<ColumnSpec['type'], string> = {
  text: 'texte', int: 'entier', decimal: 'décimal', date: 'date', code: 'code', departement: 'département',
};
const KIND_FR: Record<RuleKind, string> = { ligne: 'ligne rejetée', fichier: 'fichier refusé', avertissement: 'avertissement' };

/** Escapes the pipes of a Markdown table cell. */
const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** What a column admits: codes with labels, bounds, parent. */
function admitted(c: ColumnSpec): string {
  const parts: string[] = [];
  if (c.codes) parts.push(codesOf(c.codes).map((k) => `\`${k.code}\` (${k.libelle})`).join(', '));
  if (c.type === 'departement') parts.push('code INSEE de data/reference/departements.csv (`01`…`95`, `2A`, `2B`, `971`…`976`)');
  if (c.type === 'date') parts.push('`AAAA-MM-JJ` ou `JJ/MM/AAAA`');
  if (c.type === 'decimal') parts.push('décimales après `.` ou `,`');
  if (c.min !== undefined && c.max !== undefined) parts.push(`de ${c.min} à ${c.max}`);
  else if (c.min !== undefined) parts.push(`≥ ${c.min}`);
  else if (c.max !== undefined) parts.push(`≤ ${c.max}`);
  if (c.references) parts.push(`doit exister dans \`${c.references.table}\` (\`${c.references.column}\`)`);
  return parts.join(' ; ');
}

/** The section of one table. */
function tableSection(t: TableSpec): string {
  const req = (c: ColumnSpec) => (c.required === true ? 'oui' : c.required === 'conditional' ? 'selon règle' : 'non');
  const lines = [
    `### \`${t.name}\` — ${t.label}`,
    '',
    `Fichiers : \`${t.name}.csv\`, \`${t.name}_….csv\`, \`${t.name}.parquet\`…${t.optional ? ' Table facultative.' : ''}`,
    `Clé unique (sur tous les fichiers et les chargements précédents) : ${t.key.map((k) => `\`${k}\``).join(' + ')}.`,
    '',
    '| colonne | type | obligatoire | valeurs admises | signification |',
    '| --- | --- | --- | --- | --- |',
    ...t.columns.map((c) => `| \`${c.name}\` | ${TYPE_FR[c.type]} | ${req(c)} | ${cell(admitted(c))} | ${cell(c.label)} |`),
  ];
  if (t.rules.length) {
    lines.push('', 'Règles entre colonnes ou entre lignes :', '');
    for (const r of t.rules) lines.push(`- \`${r.code}\` (colonne \`${r.column}\`) : ${r.description}.`);
  }
  return lines.join('\n');
}

/** The whole French document of the data contract. */
export function contractDoc(): string {
  const rules = RULE_CODES.map((code) => {
    const r = RULE_TEXTS[code];
    return `| \`${code}\` | ${KIND_FR[r.kind]} | ${cell(r.title)} | ${cell(r.template)} |`;
  });
  return `<!-- Fichier généré par \`npx tsx src/ingest/contract-doc.ts\` à partir de src/contract : ne pas modifier à la main. -->
# Contrat de données : l'extrait anonymisé d'activité

Ce document dit comment produire l'extrait que chaque organisme (Carsat, Cramif, CGSS, CSS)
remet au bilan du service social, et ce que \`bilan ingest\` en fait : ce qu'il charge, ce qu'il
rejette et pourquoi. Les noms de tables, de colonnes et les codes sont fixes.

## Produire un extrait

- **Un dossier.** Chaque fichier contient une seule table ; son nom commence par le nom de la
  table, suivi de \`.\`, \`_\`, \`-\` ou d'un espace : \`accompagnements.csv\`,
  \`accompagnements_2024_carsat-lr.csv\`, \`entretiens.parquet\`… Plusieurs fichiers d'une même
  table forment une seule table. Les fichiers sont lus dans l'ordre de leur nom. Un fichier dont le
  nom ne correspond à aucune table est signalé (\`table_inconnue\`) et ignoré ; un sous-dossier aussi.
- **Formats.** CSV (\`.csv\`) ou Parquet (\`.parquet\`) ; toute autre extension d'un fichier de
  table le fait refuser (\`fichier_illisible\`).
- **CSV.** Encodage UTF-8 (avec ou sans BOM) ou Windows-1252 (détecté : un fichier qui n'est pas
  de l'UTF-8 valide est lu en Windows-1252) ; séparateur \`;\` ou \`,\` (détecté sur la ligne
  d'en-tête : le plus fréquent hors guillemets) ; fins de ligne LF ou CRLF ; une ligne d'en-tête
  (la première ligne non vide) ; les lignes vides ne comptent pas mais gardent la numérotation.
  Un champ qui contient le séparateur, un guillemet ou un retour à la ligne est entre guillemets
  \`"\`, un guillemet à l'intérieur étant doublé (\`""\`). Des guillemets non refermés font
  refuser le fichier.
- **Valeurs.** Champ vide (ou fait d'espaces) = valeur absente ; les espaces autour d'une valeur
  sont retirés. Dates \`AAAA-MM-JJ\` ou \`JJ/MM/AAAA\`, et qui existent (\`31/02/2024\` est une
  erreur). Entiers en chiffres seuls. Décimaux avec \`.\` ou \`,\`. Codes en majuscules exactes.
- **Colonnes.** Dans n'importe quel ordre ; les noms d'en-tête sont comparés sans tenir compte
  des majuscules ni des espaces autour. Une colonne hors contrat est signalée
  (\`colonne_ignoree\`) et ignorée. Une colonne obligatoire (ou obligatoire selon une règle) absente
  fait refuser le fichier (\`colonne_manquante\`) ; une colonne facultative absente est lue comme vide.
- **Parquet.** Les mêmes noms de colonnes ; tout type dont la valeur s'écrit comme en CSV (dates
  de type DATE ou TIMESTAMP acceptées). Le « numéro de ligne » d'un enregistrement Parquet est son
  rang + 1, comme si le fichier avait une ligne d'en-tête : le premier enregistrement est la ligne 2.
- **Numéro de ligne.** Celui de la ligne du fichier où l'enregistrement commence, l'en-tête étant
  la ligne 1 (un champ entre guillemets sur plusieurs lignes ne décale pas les suivants).

## Confidentialité

L'extrait est anonymisé : les identifiants sont des pseudonymes. Un fichier est **refusé en
entier** (rien n'en est chargé, ni copié dans la table des rejets) :

- s'il contient, dans n'importe quelle colonne, ce qui a la forme d'un numéro de sécurité sociale
  (NIR) : 13 chiffres et une clé de 2 chiffres valide (clé = 97 − (nombre de 13 chiffres modulo 97),
  \`2A\` et \`2B\` comptant pour 19 et 18), groupes séparés par des espaces, des points ou rien,
  sans chiffre juste avant ni juste après (\`donnees_identifiantes\`) ;
- s'il a une colonne nommée comme un identifiant direct : ${IDENTIFIER_COLUMNS.map((c) => `\`${c}\``).join(', ')}, y compris
  accentuée, en majuscules ou comme mot d'un nom composé (\`Prénom\`, \`nom_assure\`)
  (\`colonne_identifiante\`).

Le message nomme le fichier, la colonne et la première ligne concernée, jamais la valeur.

## Tables

Types : \`texte\`, \`entier\`, \`décimal\`, \`date\`, \`code\` (une valeur de la liste),
\`département\`. Obligatoire « oui » : vide = erreur pour la ligne ; « selon règle » : voir les
règles de la table.

${TABLES.map(tableSection).join('\n\n')}

## Ce que devient une ligne ou un fichier en défaut

- Une ligne qui enfreint une règle n'est pas chargée : elle est gardée entière, telle que lue, avec
  son fichier, son numéro de ligne, la colonne, le code de la règle et un message, dans la table
  \`load_rejects\` (avec le département quand il est lisible, celui de l'accompagnement ou de
  l'instance parente pour les tables qui n'en ont pas). Les autres lignes du fichier sont chargées.
  Une ligne qui enfreint plusieurs règles a une entrée par règle, mais ne compte qu'une fois.
- Une ligne au mauvais nombre de champs n'a que l'erreur \`nombre_de_champs\` (ses champs ne
  peuvent pas être attribués aux colonnes).
- Les contrôles entre lignes (doublons, parents, dates de l'accompagnement) portent sur les lignes
  qui ont passé les contrôles de la ligne elle-même : une ligne rejetée ne « réserve » pas son
  identifiant.
- Doublons : la première occurrence (fichiers dans l'ordre de leur nom, puis lignes) est chargée,
  les suivantes sont rejetées, comme celles dont la clé est déjà dans l'entrepôt (chargement
  précédent). Le message dit où est la première.
- Une ligne dont le parent (accompagnement, instance) est inconnu est rejetée
  (\`reference_inconnue\`) ; si le parent a été rejeté (dans ce chargement ou un précédent) ou si
  son fichier a été refusé, elle l'est aussi et son message le dit (\`parent_rejete\`). Le parent
  peut venir de ce chargement ou d'un chargement précédent.
- Un fichier refusé compte toutes ses lignes comme rejetées ; la raison est une erreur sans numéro
  de ligne.
- Pour chaque fichier : lignes lues = lignes chargées + lignes rejetées.
- Un fichier déjà traité (même table, même contenu : empreinte SHA-256), chargé ou refusé, n'est
  pas relu (\`already_loaded\`, avertissement \`deja_charge\`), même sous un autre nom.
- Tout le chargement est une seule transaction : une panne ou une interruption laisse l'entrepôt
  exactement comme avant.

## Codes des règles et messages

Entre accolades, ce que le message précise : \`{fichier}\`, \`{colonne}\`, \`{valeur}\` (la valeur lue),
\`{attendu}\`, \`{detail}\`, \`{ligne}\`.

| code | effet | règle | message |
| --- | --- | --- | --- |
${rules.join('\n')}

## Le rapport de chargement

\`npx bilan ingest DOSSIER [--db FICHIER] [--json] [--strict]\` (entrepôt par défaut
\`data/warehouse.duckdb\`). Sans \`--json\`, un résumé en français sur la sortie d'erreur ; avec
\`--json\`, le rapport seul sur la sortie standard : pour chaque fichier (ordre des noms) \`file\`,
\`table\`, \`status\` (\`loaded\`, \`refused\`, \`already_loaded\`, \`ignored\`), \`rows_read\`,
\`rows_loaded\`, \`rows_rejected\`, \`errors\` et \`warnings\` (\`line\`, \`column\`, \`code\`,
\`message\` ; au plus ${ERRORS_CAP} de chaque par fichier, les comptes restant exacts), puis les totaux.
Code de sortie : 0 fait ; 1 avec \`--strict\` si une ligne a été rejetée ou un fichier refusé ;
2 si le dossier n'existe pas ou si les arguments sont faux.

L'historique est dans l'entrepôt : \`load_files\` (un enregistrement par fichier chargé ou refusé :
empreinte, format, encodage, séparateur, comptes), \`load_rejects\` et \`load_warnings\`.
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CONTRACT_DOC, contractDoc());
  process.stderr.write(`${CONTRACT_DOC} écrit\n`);
}
