// docs/data-contract.md, for the producers of extracts (in French), generated from the contract
// (src/contract/schema.ts, messages.ts, reference data) so that it cannot drift: a test compares
// the file with contractDoc(). Regenerate with `npx tsx src/ingest/contract-doc.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { RULE_TEXTS, type RuleKind } from '../contract/messages.ts';
import { codesOf } from '../contract/reference.ts';
import { IDENTIFIER_COLUMNS, RULE_CODES, TABLES, type ColumnSpec, type TableSpec } from '../contract/schema.ts';
import { NIR_MASK } from '../contract/privacy.ts';
import { PROVENANCE_FILE } from '../warehouse/provenance.ts';
import { ERRORS_CAP } from './report.ts';
import { MAX_RECORD_BYTES } from './stage.ts';

/** Path of the generated document. */
export const CONTRACT_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'data-contract.md');

const TYPE_FR: Record<ColumnSpec['type'], string> = {
  text: 'texte',
  int: 'entier',
  decimal: 'décimal',
  date: 'date',
  code: 'code',
  departement: 'département',
};
const KIND_FR: Record<RuleKind, string> = { ligne: 'ligne rejetée', fichier: 'fichier refusé', avertissement: 'avertissement' };

/** Escapes the pipes of a Markdown table cell. */
const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** What a column admits: codes with labels, bounds, parent. */
function admitted(c: ColumnSpec): string {
  const parts: string[] = [];
  if (c.codes)
    parts.push(
      codesOf(c.codes)
        .map((k) => `\`${k.code}\` (${k.libelle})`)
        .join(', '),
    );
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
  table forment une seule table. Les fichiers sont lus dans l'ordre de leur nom. Un nom qui ne
  correspond à une table qu'une fois les accents, les majuscules et les espaces neutralisés
  (\`Préconisations 2024.csv\`) est rattaché à cette table, avec un avertissement
  (\`nom_de_fichier_normalise\`). Un fichier dont le nom ne correspond à aucune table est signalé
  (\`table_inconnue\`), ses enregistrements comptés comme rejetés, et ignoré ; un sous-dossier
  aussi, sauf le dossier d'une table (ci-dessous).
- **Dossier d'une table (jeu de données).** pandas, pyarrow et Spark écrivent une table comme un
  dossier : \`entretiens.parquet/part-0.parquet\`, \`entretiens/part-00000-….snappy.parquet\`,
  partitionné \`entretiens/annee=2024/part-0.parquet\`. Un sous-dossier dont le nom commence par
  le nom d'une table est lu comme les fichiers de cette table : chaque fichier qu'il contient, à
  toute profondeur, est lu comme un fichier à part (son nom dans le rapport et les rejets est
  \`dossier/partie\`, ses numéros de ligne sont les siens), avec un avertissement
  (\`dossier_jeu_de_donnees\`) ; un fichier du dossier dont le nom commence par celui d'une autre
  table va à cette table. Les fichiers de service (nom commençant par \`_\` ou \`.\` :
  \`_SUCCESS\`, \`_common_metadata\`, \`_metadata\`, \`.crc\`…) sont ignorés sans mention. Une
  colonne de partition (\`annee=2024\`) est ajoutée à la lecture d'un fichier Parquet : hors
  contrat, elle est ignorée comme toute colonne hors contrat (\`colonne_ignoree\`) ; si elle porte le
  nom d'une colonne du contrat, sa valeur est celle du nom du dossier (pas pour un CSV). Un dossier
  Delta Lake (\`_delta_log\`) n'est pas lu (l'exporter en Parquet ou CSV). Un sous-dossier qui ne
  correspond à aucune table est ignoré (\`table_inconnue\`), les enregistrements de ses fichiers
  CSV et Parquet comptés comme rejetés. Le manifeste \`${PROVENANCE_FILE}\` écrit par \`bilan generate\` n'est pas un fichier de
  données : il dit si l'extrait est synthétique (un manifeste invalide rend le dossier inutilisable).
  Un dossier vide, ou sans aucun fichier d'une table du contrat, est refusé (code de sortie 2).
- **Formats.** Texte délimité (\`.csv\`, \`.txt\`, \`.tsv\`), Parquet (\`.parquet\`) ou classeur
  Excel (\`.xlsx\`), éventuellement compressé en gzip (\`.csv.gz\`, \`.parquet.gz\` : décompressé,
  puis lu selon son contenu). Le **contenu** décide du format, pas l'extension : un fichier qui
  commence par \`PAR1\` est lu comme Parquet, une archive zip (\`PK\`) comme un classeur \`.xlsx\`,
  tout autre comme du texte ; quand l'extension dit autre chose (un CSV renommé \`.xlsx\`, un
  classeur enregistré en \`.csv\`, un texte en \`.xls\`, un fichier sans extension), le fichier
  est lu d'après son contenu, avec un avertissement qui nomme les deux (\`format_selon_contenu\`).
  Un fichier dont l'extension n'est celle d'aucun format de données (\`.bak\`, \`.old\`,
  \`.json\`…) n'est pas lu : il est refusé, ses enregistrements comptés d'après son contenu. Sont refusés (\`fichier_illisible\`), avec un
  conseil : un vrai classeur Excel 97-2003 (\`.xls\`, binaire OLE2), un classeur OpenDocument
  (\`.ods\`), un classeur binaire \`.xlsb\`, une archive \`.zip\` ou \`.7z\`, un fichier compressé
  en bzip2, zstd ou xz (le décompresser dans le dossier), une page HTML ou XML enregistrée en \`.xls\`
  par certains logiciels, un fichier Arrow/Feather, ORC, Avro, Parquet chiffré, SQLite ou PDF. Dans
  le dossier d'une table, une partie sans extension de format (\`part-00000\`, \`….c000\` de Spark)
  est lue selon son contenu sans avertissement. Les
  enregistrements des fichiers CSV et Parquet d'une archive \`.zip\` sont comptés comme rejetés ;
  ceux des autres ne peuvent pas être comptés (comptés 0, voir docs/decisions.md).
- **Texte.** Encodage UTF-8 (avec ou sans BOM), Windows-1252, ISO-8859-15 ou UTF-16 avec BOM
  (détecté, voir plus bas) ; séparateur \`;\`, \`,\`, tabulation ou \`|\` (détecté sur la ligne
  d'en-tête : le plus fréquent hors guillemets), ou celui qu'indique une première ligne \`sep=;\`
  d'Excel ; fins de ligne LF, CRLF ou CR seul ; une ligne d'en-tête (la première ligne non vide) ;
  les lignes vides ne comptent pas mais gardent la numérotation.
  Un champ qui contient le séparateur, un guillemet ou un retour à la ligne est entre guillemets
  \`"\`, un guillemet à l'intérieur étant doublé (\`""\`). Un guillemet n'ouvre un champ qu'au
  début du champ (RFC 4180) : au milieu d'un champ (\`écran 24"\`) il est lu tel quel.
- **Valeurs.** Champ vide (ou fait d'espaces) = valeur absente ; les espaces autour d'une valeur
  sont retirés. Dates \`AAAA-MM-JJ\` ou \`JJ/MM/AAAA\`, et qui existent (\`31/02/2024\` est une
  erreur). Entiers en chiffres seuls. Décimaux avec \`.\` ou \`,\`. Codes en majuscules exactes.
- **Colonnes.** Dans n'importe quel ordre ; les noms d'en-tête sont comparés sans tenir compte
  des majuscules, des accents ni des espaces autour. Une colonne hors contrat est signalée
  (\`colonne_ignoree\`) et ignorée. Une colonne obligatoire (ou obligatoire selon une règle) absente
  fait refuser le fichier (\`colonne_manquante\`) ; une colonne facultative absente est lue comme vide.
- **Parquet.** Les mêmes noms de colonnes ; tout type dont la valeur s'écrit comme en CSV. Dates de
  type DATE, TIMESTAMP (sa date) ou TIMESTAMP avec fuseau (sa date à Paris, quel que soit le
  fuseau de la machine). Le « numéro de ligne » d'un enregistrement Parquet est son rang + 1, comme
  si le fichier avait une ligne d'en-tête : le premier enregistrement est la ligne 2.
- **Excel.** La feuille qui porte le nom de la table (ou la seule feuille du classeur) est lue avec
  les mêmes règles ; le numéro de ligne est celui de la ligne de la feuille ; une date peut être
  une vraie date Excel ou un numéro de série dans une colonne de date (calendriers 1900 et 1904).
- **Numéro de ligne.** Celui de la ligne du fichier où l'enregistrement commence, l'en-tête étant
  la ligne 1 (un champ entre guillemets sur plusieurs lignes ne décale pas les suivants).
- **Parquet illisible.** Un fichier Parquet tronqué, au pied de fichier (métadonnées) abîmé ou dont
  une page ne se décode pas est refusé (\`fichier_illisible\`). Ses enregistrements sont comptés
  d'après ses métadonnées quand elles se lisent (ils sont tous rejetés) ; quand même elles ne se
  lisent pas (fichier tronqué), le nombre d'enregistrements ne peut pas être connu : le message le
  dit et le fichier compte 0 enregistrement lu. Un fichier Parquet de 0 octet est vide
  (\`fichier_vide\`) ; un fichier Parquet qui a des colonnes mais aucune ligne est accepté et ne
  charge rien, comme un CSV qui n'a que son en-tête.

## Pour les producteurs d'extraits : accepté, normalisé, refusé

**Accepté tel quel** (rien n'est signalé) : les fichiers décrits ci-dessus en UTF-8, Windows-1252,
ISO-8859-15 ou UTF-16 avec BOM ; fins de ligne LF, CRLF ou CR ; un Ctrl-Z (0x1A) en fin de
fichier (ignoré) ; les colonnes dans n'importe quel ordre ; un guillemet au milieu d'un champ ;
des dates \`JJ/MM/AAAA\` dont un jour dépasse 12.

**Normalisé, avec un avertissement** (la ligne est chargée ; un seul avertissement par fichier et
par colonne, avec le nombre de valeurs et la première ligne) :

- une première ligne \`sep=;\` d'Excel : suivie, puis ignorée (\`separateur_indique\`) ;
- un nom de fichier ou d'en-tête écrit avec d'autres majuscules, des accents, des espaces (y
  compris insécables) ou en Unicode décomposé (NFD, macOS) (\`nom_de_fichier_normalise\`,
  \`en_tete_normalise\`) ;
- un en-tête répété plus bas dans le fichier (fichiers mis bout à bout avec \`cat\`) : les lignes
  qui suivent sont lues avec cet en-tête, même si ses colonnes sont dans un autre ordre ou s'il en a
  d'autres (\`en_tete_repete\` ; cette ligne n'est pas un enregistrement, ni la ligne \`sep=;\` qui
  la précède) ;
- des lignes avant l'en-tête (titre, date d'extraction, dans un CSV ou une feuille Excel) : l'en-tête
  est la première des 20 premières lignes qui nomme au moins deux colonnes de la table, les lignes
  au-dessus sont ignorées (\`lignes_avant_en_tete\`) ;
- des lignes faites seulement de séparateurs (\`;;;;\`, lignes vides d'un tableur) : ignorées comme
  des lignes vides (\`lignes_vides\`) ; des champs vides après la dernière colonne de l'en-tête (un
  séparateur en fin de ligne) : ignorés (\`champs_vides_en_fin\`) ;
- un champ fait d'un guillemet seul (« idem » d'un tableur) quand la ligne seule a le nombre de
  champs de l'en-tête : lu comme un caractère (\`guillemet_isole\`) ;
- des espaces insécables (U+00A0, U+202F) ou invisibles (U+200B…) autour d'une valeur : retirés
  comme des espaces (\`espaces_invisibles\`) ;
- une date suivie de l'heure \`00:00:00\` (\`2024-03-01 00:00:00\`, \`2024-03-01T00:00:00\`) :
  lue comme la date seule (\`date_avec_heure\`) ; une autre heure est une erreur ; une date et heure
  avec fuseau (\`2024-03-01 00:00:00+01:00\`, \`…T23:00:00Z\`, écrites ainsi par pandas) : lue comme
  sa date calendaire à Paris, comme en Parquet (\`date_avec_fuseau\`) ;
- des dates \`…/…/AAAA\` dont un second nombre dépasse 12 (et aucun premier) : la colonne de ce
  fichier est lue mois en premier (\`MM/JJ/AAAA\`) et l'avertissement le dit
  (\`dates_mois_en_premier\`) ; quand aucune valeur ne permet de trancher, elles sont lues jour en
  premier et l'avertissement le dit aussi (\`dates_ordre_suppose\`) ;
- un code département écrit comme un nombre (\`1\` pour \`01\`, ou \`1.0\`, \`971.0\` par pandas) :
  rétabli (\`departement_complete\`) ;
- un entier écrit \`28.0\` ou \`28,00\` : lu 28 (\`entier_decimal\`) ; une colonne d'identifiants
  dont toutes les valeurs sont écrites \`123.0\` : lue sans le \`.0\` (\`identifiant_decimal\`).

**Rejeté ligne par ligne** (la ligne va dans \`load_rejects\`, les autres sont chargées) : toute
règle de la section « Tables » ; un octet invalide dans un fichier UTF-8 (\`caractere_invalide\`,
seule cette ligne) ; \`NaN\` ou un infini dans une colonne numérique (\`valeur_non_finie\`) ; des
dates \`…/…/AAAA\` dont l'ordre jour/mois est contredit dans la même colonne du même fichier
(\`date_ambigue\`) ; une année sur deux chiffres ; un enregistrement de plus de
${MAX_RECORD_BYTES / 2 ** 20} Mio (\`enregistrement_trop_long\`).

**Refusé en entier** (\`fichier_illisible\` et les autres codes « fichier refusé ») : un fichier qui
ne peut pas être découpé en enregistrements (un champ qui commence par un guillemet jamais refermé,
ou refermé si loin qu'il avalerait des lignes qui ont la forme d'enregistrements : le message donne
la ligne où le découpage casse) ; un fichier binaire ; un classeur dont aucune feuille ne porte le
nom de la table parmi plusieurs ; une colonne obligatoire absente (aussi d'un en-tête répété) ; la
règle de confidentialité ci-dessous, qui vaut aussi pour l'en-tête et les lignes au-dessus (un nom de
fichier ou de feuille qui a la forme d'un NIR est masqué partout où il est cité). Tous ses enregistrements sont comptés comme rejetés et les
lignes qui s'y rattachent (entretiens d'un accompagnement…) sont rejetées avec \`parent_rejete\`.

Conseils :

- **Excel (Windows)** : « Enregistrer sous » → *CSV UTF-8 (délimité par des virgules)* ; ou remettre
  le classeur \`.xlsx\` tel quel, une feuille par table nommée comme la table. Formater les colonnes
  de codes (département, identifiants) en *Texte* avant la saisie ou l'import, pour garder les zéros
  initiaux ; garder les dates en vraies dates Excel.
- **Excel (Mac)** : préférer *CSV UTF-8* à *CSV Macintosh* (fins de ligne CR, encodage Mac
  Roman non pris en charge pour les caractères accentués) ; le \`.xlsx\` convient aussi.
- **LibreOffice Calc** : « Enregistrer sous » → *Texte CSV*, jeu de caractères *Unicode (UTF-8)*,
  séparateur \`;\`, délimiteur de texte \`"\`, cocher « Mettre entre guillemets toutes les cellules
  de texte » si des textes contiennent des \`;\` ; les \`.ods\` ne sont pas lus.
- **pandas** : \`df.to_csv(chemin, sep=";", index=False, encoding="utf-8", date_format="%Y-%m-%d")\`
  ou \`df.to_parquet(chemin, index=False)\` ; une colonne d'entiers avec des vides devient décimale
  (\`123.0\`) : la typer \`Int64\` (\`df[c] = df[c].astype("Int64")\`) ; les dates avec fuseau sont
  lues à l'heure de Paris, les dates sans fuseau telles quelles.
- **Toujours** : des dates \`AAAA-MM-JJ\` évitent toute ambiguïté jour/mois.

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

Le message nomme le fichier, la colonne et la première ligne concernée, jamais la valeur. Plus
généralement, aucune valeur qui a la forme d'un NIR (clé valide ou non, groupes séparés par des
espaces, des espaces insécables, des points ou rien) n'est jamais montrée : dans les messages, les
enregistrements gardés dans \`load_rejects\` et les avertissements, elle est remplacée par
\`${NIR_MASK}\` ; les caractères invisibles d'une valeur citée sont écrits \`[U+00A0]\`.

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
Code de sortie : 0 fait ; 1 avec \`--strict\` si une ligne a été rejetée, un fichier refusé ou
ignoré ; 2 si le dossier n'existe pas, est vide ou sans fichier d'une table du contrat, si son
manifeste est invalide, ou si les arguments sont faux.

L'historique est dans l'entrepôt : \`load_files\` (un enregistrement par fichier chargé ou refusé :
empreinte, format, encodage, séparateur, comptes), \`load_rejects\` et \`load_warnings\`.
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CONTRACT_DOC, contractDoc());
  process.stderr.write(`${CONTRACT_DOC} écrit\n`);
}
