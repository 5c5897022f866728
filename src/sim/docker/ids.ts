/**
 * Docker's identifiers, drawn from the World PRNG: 64-hex ids whose 12-char short form always has
 * a letter (stringid.GenerateRandomID re-rolls all-digit prefixes), and `adjective_surname` names
 * (namesgenerator, a sample of its lists).
 */
import { nextRandom, randomHex } from '../net/rng';
import type { World } from '../net/types';

export function randomId(world: World): string {
  for (;;) {
    const id = randomHex(world, 64);
    if (!/^\d{12}/.test(id)) return id;
  }
}

const LEFT = [
  'admiring', 'adoring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'beautiful', 'blissful',
  'bold', 'boring', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'competent', 'condescending',
  'confident', 'cool', 'cranky', 'crazy', 'dazzling', 'determined', 'distracted', 'dreamy', 'eager',
  'ecstatic', 'elastic', 'elated', 'elegant', 'eloquent', 'epic', 'exciting', 'fervent', 'festive',
  'flamboyant', 'focused', 'friendly', 'frosty', 'funny', 'gallant', 'gifted', 'goofy', 'gracious', 'great',
  'happy', 'hardcore', 'heuristic', 'hopeful', 'hungry', 'infallible', 'inspiring', 'intelligent',
  'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical', 'modest',
  'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty', 'nostalgic', 'objective', 'optimistic',
  'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical', 'recursing',
  'relaxed', 'reverent', 'romantic', 'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic', 'strange',
  'stupefied', 'suspicious', 'sweet', 'tender', 'thirsty', 'trusting', 'unruffled', 'upbeat', 'vibrant',
  'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial', 'youthful', 'zealous', 'zen',
];
const RIGHT = [
  'agnesi', 'albattani', 'allen', 'archimedes', 'babbage', 'banach', 'bardeen', 'bell', 'benz', 'bhabha',
  'black', 'blackburn', 'bohr', 'booth', 'borg', 'bose', 'brahmagupta', 'brattain', 'brown', 'carson',
  'cerf', 'chandrasekhar', 'clarke', 'curie', 'darwin', 'davinci', 'diffie', 'dijkstra', 'dirac',
  'driscoll', 'dubinsky', 'easley', 'edison', 'einstein', 'elion', 'engelbart', 'euclid', 'euler',
  'faraday', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gates', 'goldberg', 'goldstine',
  'goodall', 'hamilton', 'hawking', 'heisenberg', 'hellman', 'hermann', 'hodgkin', 'hofstadter', 'hopper',
  'hugle', 'hypatia', 'jackson', 'jang', 'jennings', 'johnson', 'joliot', 'kalam', 'keldysh', 'kepler',
  'khorana', 'kilby', 'knuth', 'kowalevski', 'lalande', 'lamarr', 'lamport', 'leakey', 'leavitt', 'lewin',
  'lichterman', 'liskov', 'lovelace', 'lumiere', 'mahavira', 'mayer', 'mccarthy', 'mcclintock', 'mclean',
  'meitner', 'mendel', 'merkle', 'mestorf', 'mirzakhani', 'montalcini', 'moore', 'morse', 'napier', 'nash',
  'neumann', 'newton', 'nightingale', 'nobel', 'noether', 'northcutt', 'noyce', 'panini', 'pare', 'pascal',
  'pasteur', 'payne', 'perlman', 'pike', 'poincare', 'poitras', 'ptolemy', 'raman', 'ramanujan', 'ride',
  'ritchie', 'roentgen', 'rosalind', 'saha', 'sammet', 'shamir', 'shannon', 'shaw', 'shirley', 'shockley',
  'sinoussi', 'snyder', 'spence', 'stonebraker', 'sutherland', 'swanson', 'swartz', 'swirles', 'tesla',
  'thompson', 'torvalds', 'turing', 'varahamihira', 'visvesvaraya', 'volhard', 'wescoff', 'wiles',
  'williams', 'wilson', 'wing', 'wozniak', 'wright', 'yalow', 'yonath',
];

/** namesgenerator.GetRandomName(0): `adjective_surname` (never boring_wozniak). */
export function randomName(world: World, taken: (n: string) => boolean): string {
  for (let retry = 0; ; retry++) {
    let name = `${LEFT[nextRandom(world) % LEFT.length]!}_${RIGHT[nextRandom(world) % RIGHT.length]!}`;
    if (name === 'boring_wozniak') continue;
    if (retry > 0) name += String(nextRandom(world) % 10);
    if (!taken(name)) return name;
  }
}

/** How the daemon resolves a reference: the full id, then the name, then a unique id prefix. */
export function lookupRef<T extends { id: string; name: string }>(all: readonly T[], ref: string): T | undefined {
  const exact = all.find((x) => x.id === ref) ?? all.find((x) => x.name === ref);
  if (exact) return exact;
  const m = all.filter((x) => x.id.startsWith(ref));
  return m.length === 1 ? m[0] : undefined;
}
