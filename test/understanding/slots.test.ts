// Slot extraction through the whole pipeline: who is asking, age band, region, image age.
import { describe, expect, it } from 'vitest';
import type { Slots } from '../../dialogs/events.js';
import type { Expects } from '../../dialogs/vocabulary.js';
import { understand } from './support.js';

const cases: [string, Slots, Expects?][] = [
  // who is asking
  ["I'm her mum", { audience: 'parent' }],
  ['my son sent a pic to a girl', { audience: 'parent' }],
  ['as a teacher, what should I do?', { audience: 'professional' }],
  ["I'm a DSL", { audience: 'professional' }],
  ['im a high school teacher in ohio', { audience: 'professional' }],
  ["I'm a secondary school teacher", { audience: 'professional' }],
  ["I'm the designated safeguarding lead at a secondary", { audience: 'professional' }],
  ['im 15', { audience: 'young-person', ageBand: '13-17' }],
  // an age not yet reached is the one before it
  ['im nearly 18 and someone is threatening to post my nudes', { audience: 'young-person', ageBand: '13-17' }],
  ["i'm 18 next month", { audience: 'young-person', ageBand: '13-17' }],
  ['my daughter is almost 13', { audience: 'parent', ageBand: 'under-13' }],
  ['My daughter turned 18 in October and has started seeing a man of 29', { audience: 'parent', ageBand: '18-plus' }],
  // a student is the writer, not their teacher
  ['im a student', { audience: 'young-person' }],
  ["i'm a pupil", { audience: 'young-person' }],
  ['im a uni student', { audience: 'adult', ageBand: '18-plus' }],
  ['im a student teacher', { audience: 'professional' }],
  // typed to "Who is asking?"
  ['im a lad, 15', { audience: 'young-person', ageBand: '13-17' }, 'audience'],
  ['her dad', { audience: 'parent' }, 'audience'],
  ["i'm his mum", { audience: 'parent' }, 'audience'],
  ['im a girl', { audience: 'young-person' }, 'audience'],
  // school years abroad, typed to the age question
  ['grade 8', { ageBand: '13-17' }, 'age'],
  ['in grade 5', { ageBand: 'under-13' }, 'age'],
  ['S3', { ageBand: '13-17' }, 'age'],
  ['p6', { ageBand: 'under-13' }, 'age'],
  ["I'm under 18 and my pic got shared", { audience: 'young-person', ageBand: '13-17' }],
  ['im a teenager and i sent one to my bf', { audience: 'young-person', ageBand: '13-17' }],
  ["I'm 34 and my ex posted my pics", { audience: 'adult', ageBand: '18-plus' }],
  ["I'm a mum of two and my ex shared my nudes", { audience: 'adult', ageBand: '18-plus' }],
  ["me and my gf (we're both 15) sent each other pics", { audience: 'young-person', ageBand: '13-17' }],
  // the age said plainly for both, put right as it is said, a teacher by class year, a parent by the child they have
  ["me and my boyfriend facetimed and he might have recorded it, we're 14", { audience: 'young-person', ageBand: '13-17' }],
  ["someone posted a video of me from a party. im 16 sorry i mean 18", { audience: 'adult', ageBand: '18-plus' }],
  ["I'm a year 6 teacher and a boy in my class showed the others a video of adults having sex", { audience: 'professional' }],
  ["mum here with a 14 year old son, how do i bring up nudes with him", { audience: 'parent', ageBand: '13-17' }],
  ["im a 22 year old woman and my ex put my pics online", { audience: 'adult', ageBand: '18-plus' }],
  ["ma boyfriend put ma pics on snap. am 24 fae dundee", { audience: 'adult', ageBand: '18-plus' }],
  ["were both 14 and he wants a pic", { audience: 'young-person', ageBand: '13-17' }],
  ["hi, 19 here, my ex has my nudes", { audience: 'adult', ageBand: '18-plus' }],
  ["when we were both 15 he took pics of me, im 20 now", { audience: 'adult', ageBand: '18-plus' }],
  ["I'm a DSL in an Irish secondary and a pupil's picture is going round", { audience: 'professional', region: 'ie' }],
  ["im 16 in nj and my bf has my nudes", { audience: 'young-person', region: 'us' }],
  ["im 14 and a boy showed me a nude of a girl in our school", { audience: 'young-person', ageBand: '13-17' }],
  ["my year 10 daughter has been sent a nude by a boy", { audience: 'parent', ageBand: '13-17' }],
  ["he said he was 14 like me but i think hes older. im a boy in the uk", { audience: 'young-person', ageBand: '13-17', region: 'uk' }],
  ["my little sister is 9 and a man on roblox asked for pics. she is scared mum will find out. im 14", { audience: 'young-person', ageBand: '13-17' }],
  ['my son has ADHD and is 13', { audience: 'parent', ageBand: '13-17' }],
  // an adult whose own picture it is, whatever children they name beside it; a child's age said
  // without the writer's own keeps a parent (they may be quoting their child)
  ["I'm a mum of three, I'm 38, and my ex is threatening to post a video of me. My kids are 8, 11 and 14", { audience: 'adult', ageBand: '18-plus' }],
  ["im 41 and my ex is threatening to post my nudes, my son is 12 and i dont want him seeing", { audience: 'adult', ageBand: '18-plus' }],
  ['my son is 14 and someone is threatening to post my nudes he says', { audience: 'parent', ageBand: '13-17' }],
  ["I'm a mum, 38, my daughter is 14 and a man has her pics", { audience: 'parent', ageBand: '13-17' }],
  ['a boy in my year keeps asking for pics', { audience: 'young-person' }],
  ['lads from my year keep saying stuff about my photos', { audience: 'young-person' }],
  ['DD14 has been sent a nude by a boy in her class', { audience: 'parent', ageBand: '13-17' }],
  ['DS (12) got a message from someone he games with', { audience: 'parent', ageBand: 'under-13' }],
  ['near the end of year 9 a lad in year 10 asked me for a pic', { audience: 'young-person' }],
  ['i was scared of what the grown ups would think of me', { audience: 'young-person' }],
  ['everyone at skl has seen it', { audience: 'young-person' }],
  ['a pupil has shown me an image', { audience: 'professional' }],
  // "at work" is the writer's work only: a child's mum being at work says nothing about the writer
  ["my mums boyfriend comes in my room when shes at work", { audience: 'young-person' }],
  ["i'm at work and my ex posted my pics", { audience: 'adult', ageBand: '18-plus' }],
  // ages
  ['my 12yo got sent a picture', { audience: 'parent', ageBand: 'under-13' }],
  ["my 14yo's phone had messages from a man", { audience: 'parent', ageBand: '13-17' }],
  ['F14 here, a guy keeps asking for pics', { audience: 'young-person', ageBand: '13-17' }],
  ['my daughter is 16', { audience: 'parent', ageBand: '13-17' }],
  // a son or daughter who is 18 or over, said without a number: the adults' help, told to the parent
  ['my adult son is being blackmailed', { audience: 'parent', ageBand: '18-plus' }],
  ["our grown up daughter's ex shared her photos", { audience: 'parent', ageBand: '18-plus' }],
  ['my grown-up kids keep telling me to ignore it', { audience: 'parent', ageBand: '18-plus' }],
  // a young writer who names a child only as a relation looks after it; naming their own child keeps them a parent
  ['my nephew is 3 and im his babysitter when my sister works nights. im 14', { audience: 'young-person', ageBand: '13-17' }],
  ["i'm 16 and my 8 year old step brother keeps coming in my room", { audience: 'young-person', ageBand: '13-17' }],
  ["i'm 17 and my daughter is 2, her dad's new girlfriend posted photos of her", { audience: 'parent' }],
  ['DD14 says he told her "tell your mum im 15 if she asks"', { audience: 'parent', ageBand: '13-17' }],
  ['is it illegal at 15? my nephew sent one', { audience: 'parent' }],
  ["I'm her dad, she's 16", { audience: 'parent', ageBand: '13-17' }],
  // a foster carer's child
  ['im a foster carer, the 14 yo girl placed with us has been sending pics', { audience: 'parent', ageBand: '13-17' }],
  ["I'm a foster carer and my placement, 12, has sent nudes", { audience: 'parent', ageBand: 'under-13' }],
  ["she's 16", { ageBand: '13-17' }, 'age'],
  ['14', { ageBand: '13-17' }, 'age'],
  ['twelve', { ageBand: 'under-13' }, 'age'],
  ['year 9', { ageBand: '13-17' }, 'age'],
  ["I'm in year 9", { audience: 'young-person', ageBand: '13-17' }],
  ['im in y7', { audience: 'young-person', ageBand: 'under-13' }],
  ['my son is in year 11', { audience: 'parent', ageBand: '13-17' }],
  ['13 y/o here', { audience: 'young-person', ageBand: '13-17' }],
  ['15F', { audience: 'young-person', ageBand: '13-17' }],
  ['my teenage daughter', { audience: 'parent', ageBand: '13-17' }],
  ["my daughter sent pics to a lad and he's 22", { audience: 'parent' }],
  // an age followed by a word that begins like one of the non-age words ("14 told", "18 told")
  ['my son is 14 told me a man sent him pics', { audience: 'parent', ageBand: '13-17' }],
  // a professional's pupil by age, 18 or over too: the adults' help, told to them
  ["I'm a teacher. A student who is 18 told me her pictures were shared", { audience: 'professional', ageBand: '18-plus' }],
  ["I'm a teacher and one of my students, she's 19, had her nudes shared by her ex", { audience: 'professional', ageBand: '18-plus' }],
  ['I teach at a college, a student of 19 says her ex posted her nudes', { audience: 'professional', ageBand: '18-plus' }],
  ["I'm a teacher, a 15 year old pupil told me her pictures were shared", { audience: 'professional', ageBand: '13-17' }],
  // ...but an older person's age beside the pupil is not the pupil's
  ["I'm a DSL. One of our pupils is 14 and a man of 30 is messaging her", { audience: 'professional', ageBand: '13-17' }],
  ["he's 25 and i'm 14", { audience: 'young-person', ageBand: '13-17' }],
  // "in my tutor group" is a pupil's words, "my tutor group" alone a tutor's; "we're year 9" is the writer's year
  ["a boy in my tutor group sent me a pic of him in his boxers, we're year 9", { audience: 'young-person', ageBand: '13-17' }],
  ['one of my tutor group told me her nudes are going round', { audience: 'professional' }],
  // regions
  ["we're in Dublin", { region: 'ie' }],
  ['in Ireland', { region: 'ie' }],
  ["I'm in Texas", { region: 'us' }],
  ['Australia', { region: 'au' }],
  ['Canada', { region: 'ca' }],
  ['we live in Manchester', { region: 'uk' }],
  ['I live in Belfast', { region: 'uk' }],
  ['from northern ireland', { region: 'uk' }],
  ['dublin', { region: 'ie' }, 'region'],
  ['somewhere else', { region: 'other' }, 'region'],
  ["he's from nigeria and i'm in leeds", { region: 'uk' }],
  // the age in the picture
  ['the pics were from when I was 16', { imageUnder18: true }],
  ['I was 15 in the photos', { imageUnder18: true }],
  ['they were taken when i was 19', { imageUnder18: false }]
];

describe('slot extraction', () => {
  it.each(cases)('%s', (text, slots, expects) => {
    const got = understand(text, { expects }).slots;
    expect(got).toMatchObject(slots);
  });

  it('does not guess an age from a year that could be either band (Y8, 7th grade)', () => {
    expect(understand("I'm in year 8").slots.ageBand).toBeUndefined();
    expect(understand('my son is in 7th grade').slots.ageBand).toBeUndefined();
  });

  it("does not take another person's age for the child's", () => {
    expect(understand("my daughter sent pics to a lad and he's 22").slots.ageBand).toBeUndefined();
    expect(understand('a 30 year old man asked my son for pics').slots.ageBand).toBeUndefined();
  });

  it('takes the country from words only it uses, when nothing names one and the conversation has none', () => {
    expect(understand('my son is in 8th grade and a man online asked him for pics').slots.region).toBe('us');
    expect(understand('the gardai said there was nothing they could do about the photo').slots.region).toBe('ie');
    expect(understand('she is doing her GCSEs and a boy shared her picture').slots.region).toBe('uk');
    expect(understand('reported it to the esafety commissioner but it is still up').slots.region).toBe('au');
    // words other countries use too settle nothing: a UK school's e-safety lesson, a scam e-mail naming the FBI
    expect(understand('we had an esafety lesson and now a boy is sharing my picture').slots.region).toBeUndefined();
    expect(understand('the email says the fbi will see my video unless i pay').slots.region).toBeUndefined();
    // cues of two countries: none is guessed; a country named wins over a cue
    expect(understand('she did her GCSEs and now she is a sophomore').slots.region).toBeUndefined();
    expect(understand("we live in Dublin and she's in 8th grade").slots.region).toBe('ie');
    // a place said last, on its own, or after the writer describes themself, is theirs; someone else's is not
    expect(understand('my 13 yr old son is being sextorted, vancouver').slots.region).toBe('ca');
    expect(understand("i'm 19, guy, from texas, a girl on tinder wants $1000").slots.region).toBe('us');
    expect(understand('dad in Mumbai, my son is 15 and someone is blackmailing him').slots.region).toBe('other');
    expect(understand('the guy from texas wants pics').slots.region).toBeUndefined();
    // signed like a post ("chicago here"), or "were" typed for "we're" where nobody else can be meant
    expect(understand('my ex posted my pics, chicago here').slots.region).toBe('us');
    expect(understand('were in canada, my son is being blackmailed').slots.region).toBe('ca');
    expect(understand('they were in canada').slots.region).toBeUndefined();
    expect(understand('im 16, were in ohio, my friend is being blackmailed').slots.region).toBe('us');
    // an age signed with the place: "22, female, sydney", "im 14. melbourne"
    expect(understand('Hey. 22, female, Sydney. my ex posted my pics').slots).toMatchObject({ region: 'au', audience: 'adult' });
    expect(understand('im 14. melbourne. a guy has my nudes').slots.region).toBe('au');
    // someone else's place
    expect(understand('a boy in America killed himself after being sextorted, my son is 14').slots.region).toBeUndefined();
    expect(understand('the pics were in canada on his phone').slots.region).toBeUndefined();
    expect(understand("I'm a teacher. A 16 year old in my class, on an exchange from Canada, sent nudes to a man").slots).toMatchObject({ audience: 'professional', ageBand: '13-17' });
    expect(understand("I'm a teacher. A 16 year old in my class, on an exchange from Canada, sent nudes to a man").slots.region).toBeUndefined();
    expect(understand('he said he lives in london').slots.region).toBeUndefined();
    // a cue never replaces the country the conversation knows; a name said now does
    expect(understand('my son is in 8th grade', { region: 'uk' }).slots.region).toBeUndefined();
    expect(understand("actually we're in Texas", { region: 'uk' }).slots.region).toBe('us');
    // a parent putting their child's age right, whatever it is
    expect(understand("sorry he's actually just turned 18", { audience: 'parent' }).slots).toMatchObject({ audience: 'parent', ageBand: '18-plus' });
    expect(understand("sorry she's actually 16 not 13", { audience: 'parent' }).slots).toMatchObject({ audience: 'parent', ageBand: '13-17' });
    // the writer's age said other ways
    expect(understand('so me (16) and my gf (16) sent each other pics').slots).toMatchObject({ audience: 'young-person', ageBand: '13-17' });
    expect(understand('me and my bf both 15, we sent pics to each other').slots).toMatchObject({ audience: 'young-person', ageBand: '13-17' });
    expect(understand('a boy my age (14) sent me a pic of himself').slots).toMatchObject({ audience: 'young-person', ageBand: '13-17' });
    expect(understand('29 from Cork, my ex put my pics online').slots).toMatchObject({ audience: 'adult', ageBand: '18-plus', region: 'ie' });
    expect(understand('he sent me 15 messages last night asking for pics').slots.ageBand).toBeUndefined();
    expect(understand('my oldest is 12 and got sent a nude').slots).toMatchObject({ audience: 'parent', ageBand: 'under-13' });
    // a teacher who gives the pupil's age stays a teacher
    expect(understand('he says hes 16', { audience: 'professional' }).slots).toEqual({ ageBand: '13-17' });
    expect(understand('shes 17 so do we use CEOP or the police', { audience: 'professional' }).slots.audience).not.toBe('parent');
    // named in the words of their work
    expect(understand("I'm a newly qualified teacher and a boy in my year 10 class handed me his phone").slots.audience).toBe('professional');
    expect(understand('hockey coach here, one of my 14 yo players is being threatened').slots).toMatchObject({ audience: 'professional', ageBand: '13-17' });
  });

  it('keeps who is asking once they have said, unless they say who they are again', () => {
    // what a teacher or parent writes about a pupil or child is not who they are
    const teacher = understand('a year 10 boy showed me a nude of a girl in year 9 on his phone', { audience: 'professional' }).slots;
    expect(teacher.audience).toBeUndefined();
    expect(teacher.ageBand).toBe('13-17');
    expect(understand('a girl in my class sent it to the whole form', { audience: 'professional' }).slots.audience).toBeUndefined();
    expect(understand('my mum found the messages', { audience: 'parent' }).slots.audience).toBeUndefined();
    // a year a parent names later is someone else's, not their child's age
    expect(understand('a boy in year 11 has her pic now', { audience: 'parent' }).slots.ageBand).toBeUndefined();
    expect(understand('everyone at school has seen it', { audience: 'adult' }).slots.audience).toBeUndefined();
    // the same words, with nobody said yet, are a guess at who is writing
    expect(understand('a girl in my class sent it to the whole form').slots.audience).toBe('young-person');
    // saying who you are corrects it
    expect(understand("sorry i'm not a teacher, i'm 15", { audience: 'professional' }).slots).toMatchObject({ audience: 'young-person', ageBand: '13-17' });
    expect(understand("I'm her mum", { audience: 'young-person' }).slots.audience).toBe('parent');
  });

  it('hears a professional who names their job without "I\'m a", and their pupil\'s age', () => {
    for (const text of [
      'teacher here. a 14 year old girl in my class is being asked for nudes by a man online',
      'school nurse, a year 8 boy came to me in tears',
      'social worker here, a girl i work with sent pics',
      'I teach. A girl in my class, 15, says a man asked her for pics',
      'I coach under 14s rugby and one of the lads sent a picture',
      "I'm a nurse at a secondary school"
    ]) {
      expect(understand(text).slots.audience, text).toBe('professional');
    }
    expect(understand('teacher here. a 14 year old girl in my class is being asked for nudes').slots.ageBand).toBe('13-17');
    // a young person's teacher or coach is not the writer
    for (const text of ['my teacher here is nice', 'coach keeps messaging me', 'i teach my little brother maths', 'teacher found my phone and saw the pics']) {
      expect(understand(text).slots.audience, text).not.toBe('professional');
    }
  });

  it('helps an adult asking for a child in their family as a carer, with the child\'s age', () => {
    expect(understand('im 24 and my little sister is 13, shes being blackmailed by someone online').slots).toMatchObject({ audience: 'parent', ageBand: '13-17' });
    expect(understand('im 19 and my 15 year old cousin sent nudes to a man').slots).toMatchObject({ audience: 'parent', ageBand: '13-17' });
    // their own picture, or a relation who is an adult, leaves them an adult
    expect(understand('im 22 and my ex posted my nudes, my little sister is 12 and saw them').slots).toMatchObject({ audience: 'adult', ageBand: '18-plus' });
    expect(understand('im 30 and my brother is 25').slots).toMatchObject({ audience: 'adult', ageBand: '18-plus' });
  });

  it('reads "actually" in a correction, and a coach\'s or teacher\'s "one of my lads"', () => {
    expect(understand("sorry I'm actually her teacher not her mum").slots.audience).toBe('professional');
    expect(understand('im actually 15').slots).toMatchObject({ audience: 'young-person', ageBand: '13-17' });
    expect(understand("I'm a teacher in Scotland, one of my lads' nudes is on a website").slots.audience).toBe('professional');
  });

  it('takes an age typed in answer to "Who is asking?" as who is asking', () => {
    expect(understand('14', { expects: 'audience' }).slots).toEqual({ audience: 'young-person', ageBand: '13-17' });
    expect(understand('im 17m', { expects: 'audience' }).slots).toEqual({ audience: 'young-person', ageBand: '13-17' });
    expect(understand('fourteen', { expects: 'audience' }).slots).toEqual({ audience: 'young-person', ageBand: '13-17' });
    expect(understand('19', { expects: 'audience' }).slots).toEqual({ audience: 'adult', ageBand: '18-plus' });
    // an age typed at the country or worry question is the age, said late
    expect(understand('22', { expects: 'region' }).slots).toEqual({ ageBand: '18-plus' });
    expect(understand("i'm 14", { expects: 'situation' }).slots).toEqual({ ageBand: '13-17' });
    // someone else's age says nothing about who is asking
    expect(understand("she's 14", { expects: 'audience' }).slots.audience).toBeUndefined();
    expect(understand("we're 13", { expects: 'age' }).slots).toEqual({ ageBand: '13-17' });
    expect(understand('im a 16yo guy', { expects: 'age' }).slots).toEqual({ ageBand: '13-17' });
  });

  it('never reads a phone number, postcode or amount as an age or a region', () => {
    for (const text of ['call me on 07700 900123', 'my number is +44 7700 900123', 'my postcode is SW1A 1AA', 'LS6 2QT', 'he wants £15', 'i paid 16 quid', 'send 14 pics']) {
      const { slots } = understand(text, { expects: 'age' });
      expect(slots.ageBand, text).toBeUndefined();
      expect(slots.region, text).toBeUndefined();
    }
  });

  it('answers the question just asked and nothing more', () => {
    expect(understand('parent', { expects: 'audience' }).slots).toEqual({ audience: 'parent' });
    expect(understand('13-17', { expects: 'age' }).slots).toEqual({ ageBand: '13-17' });
    expect(understand("she's 14", { expects: 'age' }).slots).toEqual({ ageBand: '13-17' });
    expect(understand('yeah i was 16', { expects: 'yes-no' }).slots).toEqual({ imageUnder18: true });
    expect(understand('no i was 20', { expects: 'yes-no' }).slots).toEqual({ imageUnder18: false });
    expect(understand('yes', { expects: 'yes-no' }).command).toBe('yes');
  });

  it('reads the age and place people sign with: forum tags, an age at the very end, "both 16", their own place over the other person\'s', () => {
    const young = { audience: 'young-person', ageBand: '13-17' };
    expect(understand('yo so i (16m) was on snap and this girl added me').slots).toMatchObject(young);
    expect(understand('is it illegal?? me (16f) and my bf (16m) sent pics').slots).toMatchObject(young);
    expect(understand("ok so i'm a lad, 17, and i sent a video of myself").slots).toMatchObject(young);
    expect(understand('me and my bf are both 16 and he keeps asking for nudes').slots).toMatchObject(young);
    expect(understand("she's 15 and so am i and we sent pics").slots).toMatchObject(young);
    expect(understand('i sent a pic to my crush and now i feel sick about it. 15').slots).toMatchObject(young);
    expect(understand('sent a pic to my crush. 14, scotland').slots).toMatchObject({ ...young, region: 'uk' });
    expect(understand("I'm in Ontario, 31 years old, and my ex posted my pics").slots).toMatchObject({ audience: 'adult', region: 'ca' });
    expect(understand("DD's ex won't delete her pics. we're in Manchester").slots).toMatchObject({ audience: 'parent', region: 'uk' });
    // a count or a price at the end is not an age; nor a parent's correction of their child's
    expect(understand('he keeps asking for more and now he wants 15').slots.ageBand).toBeUndefined();
    expect(understand("my daughter sent pics to a boy in her class, she's 13").slots).toMatchObject({ audience: 'parent', ageBand: '13-17' });
    // the writer's own place outweighs where the other person lives
    expect(understand("my 16 year old's boyfriend turns out to be 40 and lives in Ohio, we're in Ireland, Dublin").slots.region).toBe('ie');
    expect(understand('Head of year here, Dublin. Images of a 2nd year student are going round').slots.region).toBe('ie');
    expect(understand('my son got sextorted. were in Wales').slots.region).toBe('uk');
    expect(understand('Im 35, a man in Toronto, and a scammer has my video').slots.region).toBe('ca');
    expect(understand("i'm 19 from pune and my ex is threatening me").slots.region).toBe('other');
    expect(understand('my daughter sent pics to a boy, we live in Hertfordshire').slots.region).toBe('uk');
    expect(understand('Dublin based mum here, my son sent a pic').slots.region).toBe('ie');
    // signed at the start with an age, a description with "year old", a country said after, slang and regions
    expect(understand('vancouver, 15. my ex put my pics on a server').slots.region).toBe('ca');
    expect(understand('im a 30 year old woman in brisbane and my ex shared my pics').slots.region).toBe('au');
    expect(understand('nz is where we live and my son got sent a nude').slots.region).toBe('other');
    expect(understand('we moved to oz last year and my daughter got sent a nude').slots.region).toBe('au');
    expect(understand('im 15 in Surrey BC and my pics got leaked').slots.region).toBe('ca');
    expect(understand('we live in rural victoria and my son shared a pic').slots.region).toBe('au');
    expect(understand('we live in regional queensland and my son shared a pic').slots.region).toBe('au');
    expect(understand('im 16 from kerala and a fake account has edited pics of me').slots.region).toBe('other');
    expect(understand('we live in Co. Meath and my son sent a pic').slots.region).toBe('ie');
  });
});
