//! Label context: the words that say what a nearby value is.
//!
//! The same dictionary serves every format. In text and HTML a label is a
//! phrase right before the value ("DOB:", `<th>MRN</th><td>`); in JSON it is
//! the key (`birthDate` → "birth date"); in a URL it is the query parameter
//! name. Matching is on whole words: "lic" never fires inside "public".

use crate::detect::find::{ascii_step_kinds, byte_kinds};
use crate::fast_hash::StaticMap;
use crate::PhiType;
use std::sync::OnceLock;

/// What a label says about the value after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LabelKind {
    /// The value is this identifier type.
    Phi(PhiType),
    /// A provider NPI: not patient PHI by default (configurable).
    ProviderNpi,
    /// A clinician ("Dr.", "provider", "attending"): names after it are not patient names.
    Provider,
    /// Says the value is NOT an identifier ("csrf token", "request id"); it
    /// outranks shorter labels inside it ("token", "id").
    Ignore,
    /// A person's role in a plan or in care ("enrollee", "client"): with
    /// a colon after it, a name that follows is that person's
    /// (`names::label_names`). In prose and as a key it says nothing
    /// ("client error", `"client": "web"`).
    Role,
    /// Words a message puts before a name: a self-introduction ("this
    /// is", "it's"), a question of who it is ("is this") or a thanks.
    /// Only in text, and only before a name of the shapes
    /// `names::cue_name` takes; as a key or a hint it says nothing.
    Cue,
    /// An insurer ("Insurance", "Payer"): the member id after the insurer's
    /// name is a health plan id (`detect::payer_member_id`). Only in text;
    /// as a key or a hint it says nothing.
    Payer,
}

use LabelKind::*;
use PhiType as T;

/// (meaning, phrases): runs of phrases with one meaning, comma-separated,
/// in the order [`index`] reads them (which it depends on: see
/// [`Trie::ends`]). Words in a phrase are separated by single
/// spaces; in the text they may be joined by space, `_`, `-`, `.` or
/// camelCase.
///
/// A run is one string, not a `&[(&str, LabelKind)]` of its phrases: in the
/// wasm that slice cost 12 bytes of pointer, length and kind per phrase on
/// top of its text (2.5 KB gzipped for the 660 phrases), as the name lists
/// did (`names_data`).
const LABELS: &[(LabelKind, &str)] = &[
    // SSN
    (Phi(T::Ssn), "ssn,social security,social security number,social security no,soc sec,ss number,tax id,tin,itin"),
    // DATE (dates tied to a person)
    (Phi(T::Date), concat!(
        "dob,d o b,date of birth,birth date,birthdate,birthday,born,born on,admitted,admitted on,admit date,",
        "admission date,admission,admit,discharged,discharged on,discharge date,discharge,date of service,dos,",
        "service date,visit date,date of visit,visit,seen on,seen,appointment,appointment date,appt,appt date,",
        "scheduled for,encounter date,deceased,died,died on,date of death,death date,dod,deceased date,expired on,",
        "surgery date,date of surgery,procedure date,onset date,injury date,date of injury,last visit,next visit,",
        "follow up,presented on,period start,period end,start date,end date,collected,collection date,",
        "deceased date time,birth date time,admitted date,discharge date time,effective date time,date,",
        "fecha de nacimiento,nacimiento,signed,signed on,consent signed,release signed,symptoms since,",
        "date de naissance,geburtsdatum,implanted,implanted on,implant date,date of implant,diagnosed,diagnosed on,",
        "diagnosis date,onset,vaccinated,vaccinated on,administered,administered on,date given,immunization date,",
        "vaccination date,pronounced,time of death,operated on,hospitalized,fecha de nacimiento,fecha de ingreso,",
        "fecha de alta,fecha,生年月日,생년월일,nacido el,nacida el,受診日,入院日,退院日,出生日期,",
        // A person's event as a timestamp key (`collectedAt`, `admitted_at`;
        // a record's own `createdAt` is not one, nor a chat's `seenAt`).
        "collected at,admitted at,discharged at,diagnosed at,vaccinated at,administered at,died at,",
        "deceased at,implanted at,hospitalized at,pid 7",
    )),
    // NAME
    (Phi(T::Name), concat!(
        "patient,patient name,pt,pt name,name,full name,fullname,first name,firstname,last name,lastname,middle name,",
        "given,given name,family,family name,surname,maiden name,mr,mrs,ms,miss,mx,daughter,son,wife,husband,mother,",
        "father,spouse,sister,brother,guardian,emergency contact,contact name,next of kin,caregiver,parent,grandson,",
        "granddaughter,partner,beneficiary,insured,insured name,member name,subscriber name,policyholder,policy holder,",
        "dear,display name,customer name,recipient,signed by,responsible party,legal name,preferred name,",
        "nickname,aka,patient first name,patient last name,patient full name,child,neighbor,neighbour,friend,roommate,",
        "fiance,fiancee,boyfriend,girlfriend,cousin,grandmother,grandfather,grandma,grandpa,stepson,stepdaughter,mom,",
        "dad,poa,power of attorney,health care proxy,healthcare proxy,account holder,holder,cardholder,card holder,",
        "name on card,guarantor,hi,hello,hey,welcome,welcome back,good morning,good afternoon,nombre,apellido,",
        "apellidos,hola,nachname,vorname",
    )),
    (Role, "enrollee,dependent,client,resident,vcard,vcalendar,vevent"),
    (Cue, "this is,its,is this,thanks,thank you,called,spoke with,spoke to"),
    (Payer, "insurance,insurer,payer,payor"),
    (Phi(T::Name), "患者,氏名,患者名,姓名,환자,niece,nephew,aunt,uncle"),
    // MRN
    (Phi(T::Mrn), concat!(
        "mrn,medical record number,medical record,medical record no,med rec,med rec no,record number,chart number,",
        "chart no,chart,medical record num,mr number,ehr id,emr id,hospital number",
    )),
    // HEALTH_PLAN_ID
    (Phi(T::HealthPlanId), concat!(
        "member id,member,member number,member no,subscriber id,subscriber,subscriber number,mbi,medicare id,",
        "medicare number,medicare,medicare beneficiary identifier,medicaid id,medicaid number,medicaid,policy number,",
        "policy no,policy id,insurance id,insurance number,health plan id,plan member id,beneficiary id,hicn,",
        "insurance member id,coverage id,mbr id,cardholder id,保険証番号,被保険者番号,保険者番号",
    )),
    // ACCOUNT_NUMBER
    (Phi(T::AccountNumber), concat!(
        "account,account number,account no,account num,acct,acct no,acct number,billing account,bank account,",
        "account id,guarantor account,patient account,patient account number,billing account number,clm01",
    )),
    // LICENSE_NUMBER
    (Phi(T::LicenseNumber), concat!(
        "dl,dl number,driver's license,drivers license,driver license,driver's licence,drivers licence,license number,",
        "licence number,license,licence,lic,license no,dea,dea number,dea no,dea registration,certificate,",
        "certificate number,certificate no,cert,cert no,driver's license number,drivers license number,passport,",
        "passport number,passport no,state id,permit number,professional license",
    )),
    // VEHICLE_ID
    (Phi(T::VehicleId), concat!(
        "vin,vehicle identification number,plate,license plate,licence plate,plate number,plate no,tag number,vehicle,",
        "vehicle id,license plate number",
    )),
    // DEVICE_ID
    (Phi(T::DeviceId), concat!(
        "serial,serial number,serial no,sn,s n,device serial,device id,device sn,device serial number,device,udi,imei,",
        "meid,pacemaker serial,implant serial,pump serial,device identifier,cgm serial,monitor serial,",
        "hearing aid serial,mac address,device udi",
    )),
    // IP_ADDRESS
    (Phi(T::IpAddress), concat!(
        "ip,ip address,client ip,remote ip,remote addr,remote address,x forwarded for,x real ip,client address,",
        "source ip,src ip,user ip,ip addr",
    )),
    // BIOMETRIC_ID
    (Phi(T::BiometricId), concat!(
        "fingerprint id,fingerprint,fingerprint template,retina scan id,retina scan,retinal scan id,retina id,",
        "iris scan id,iris id,iris template,voiceprint,voiceprint id,voice print id,face template id,face template,",
        "face id,facial template id,biometric id,biometric,biometric template,palm print id,palmprint id,dna sample id,",
        "gait signature",
    )),
    // OTHER_ID
    (Phi(T::OtherId), concat!(
        "patient id,patient identifier,patient number,patient no,claim,claim number,claim no,claim id,case number,",
        "case no,case id,person id,enrollee id,resident id,student id,employee id,badge number,referral number,",
        "authorization number,prior auth number,prescription number,rx number,rx no,accession number,specimen id,",
        "lab accession,patient uuid,encounter number,patient ref,patient reference,subject reference,enduser id,",
        "guardian id,user name",
    )),
    (Phi(T::Name), "paciente"),
    // PHONE / FAX
    (Phi(T::Phone), concat!(
        "phone,phone number,tel,telephone,mobile,mobile phone,cell,cell phone,home phone,work phone,contact number,ph,",
        "phone no,callback,call back,contact phone,emergency phone,sms,text,msisdn,phone num,primary phone,telecom,",
        "call,telefono,teléfono,telefon,celular,cel,movil,móvil,電話,電話番号,連絡先,reachable at,can be reached at,reached at,best number",
    )),
    (Phi(T::Fax), "fax,fax number,fax no,facsimile,fax num,fax to,faxed to,efax,send fax to"),
    // EMAIL
    (Phi(T::Email), "email,correo,correo electronico,correo electrónico,e mail,email address,mail"),
    // ADDRESS / ZIP
    (Phi(T::Address), concat!(
        "address,adress,addr,street,street address,address line,address line 1,address line 2,address1,address2,line,line1,",
        "line2,home address,mailing address,lives at,resides at,residing at,city,city state,town,direccion,dirección,domicilio,住所,",
        "residence,street line",
    )),
    (Phi(T::ZipCode), "zip,zip code,zipcode,postal code,postal,postcode,zip4,zip5,postalcode,postleitzahl"),
    // AGE
    // A chat's "shes 95", "im 91 and my hip" ("she's", "I'm" too: the
    // apostrophe is dropped): a number over 89 after one is an age.
    (Phi(T::Age), "age,edad,年齢,aged,age years,patient age,age sex,age gender,shes,hes,im"),
    // CREDIT_CARD / IBAN / BANK_ROUTING
    (Phi(T::CreditCard), "card,card number,credit card,credit card number,cc,cc number,pan,card no,debit card"),
    (Phi(T::Iban), "iban,bank iban"),
    (Phi(T::BankRouting), "routing,routing number,routing no,aba,aba number,aba routing,rtn,routing transit number,bank routing"),
    // SECRET
    (Phi(T::Secret), concat!(
        "password,passwd,pwd,pass,secret,client secret,api key,apikey,api secret,token,access token,refresh token,",
        "auth token,id token,session token,bearer,authorization,private key,secret key,access key,signing key,",
        "webhook secret,x api key,cookie,set cookie,passphrase,pin,otp,credentials,db password,database url",
    )),
    // URL
    (Phi(T::Url), "website,homepage,profile url,personal website,profile,social"),
    // Not identifiers, although they contain identifier words
    (Ignore, concat!(
        "csrf token,csrf,xsrf token,request id,trace id,span id,correlation id,session id,idempotency key,nonce,etag,build id,",
        "deployment id,commit,sha,checksum,integrity,page token,next page token,cursor,job id,message id,event id,",
        "session expires,token type,token expires,expires in,public key,key id,kid,tracking number,order id,",
        "order number,invoice number,version,build,order,proxy pass,bypass,pass through,invoice,ticket,confirmation,",
        "tracking,process id,pid,group,group id,group number,group no,statement date,invoice date,report date,",
        "created date,updated date,modified date,due date,payment date,posting date,transaction date,expiration date,",
        "expiry date,build date,release date,as of date,publish date,last updated,last modified",
    )),
    // Provider context
    (ProviderNpi, "npi,npi number,provider npi,rendering provider npi,billing npi,referring npi,prescriber npi,attending npi"),
    (Provider, concat!(
        "dr,doctor,provider,attending,physician,clinician,nurse,np,pa,md,rn,prescriber,referring provider,",
        "rendering provider,pcp,attending physician,surgeon,therapist,practitioner,provider name,referring physician,",
        "primary care,author",
    )),
];

/// Phrases that name a value only as a JSON key or query parameter
/// (`?first=Ana&last=Ruiz`): in prose "first" and "last" are ordinary words.
const KEY_LABELS: &[(LabelKind, &str)] = &[
    (Phi(T::Name), "first,last,fname,lname,given names,first nm,last nm,holder name,nok"),
    (Phi(T::Phone), "telecom value,msisdn"),
    // A German export's postcode column: in prose "plz" is "please".
    (Phi(T::ZipCode), "plz"),
    // A FHIR Address's `district` (a county) and `text` (the whole
    // address), under their parent key as a pair ("address" + "district"):
    // alone, a school or sales district, or any text.
    (Phi(T::Address), "address district,value address district,address text,value address text"),
    // When an error tracker first and last saw an issue (Sentry's
    // `firstSeen`, `lastSeen`): its times, no visit's ("last seen" in
    // prose is still a visit).
    (Ignore, "first seen,last seen"),
];

/// The phrases of [`LABELS`] with their meanings, in order.
#[cfg(test)]
fn labels() -> impl Iterator<Item = (&'static str, LabelKind)> + Clone {
    phrases_of(LABELS)
}

/// The phrases of [`KEY_LABELS`] with their meanings, in order.
#[cfg(test)]
fn key_labels() -> impl Iterator<Item = (&'static str, LabelKind)> + Clone {
    phrases_of(KEY_LABELS)
}

/// The phrases of runs such as [`LABELS`], each with its run's meaning.
#[cfg(test)]
fn phrases_of(runs: &'static [(LabelKind, &'static str)]) -> impl Iterator<Item = (&'static str, LabelKind)> + Clone {
    runs.iter().flat_map(|&(kind, phrases)| phrases.split(',').map(move |p| (p, kind)))
}

/// A label found in text: its byte range and what it says.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LabelHit {
    pub start: usize,
    pub end: usize,
    pub kind: LabelKind,
}

struct LabelIndex {
    trie: Trie,
    // Normalised phrase → kind, for keys.
    table: StaticMap<&'static str, LabelKind>,
    // The same phrases with the spaces removed ("dateofbirth"), first in LABELS order wins.
    joined: StaticMap<&'static str, LabelKind>,
    /// A bit per [`tail_bit`] of the last one, two and three bytes of every
    /// `joined` phrase: a phrase whose last word's tail has no bit here is
    /// no label, so most values [`lookup`] is asked about (ids, names) are
    /// rejected by one load. Tails may share a bit, never miss one.
    tails: Vec<u64>,
    /// The length of the longest key of `table` and of `joined`: a longer
    /// phrase is in neither, so [`lookup_normalised`] hashes no suffix of a
    /// key longer than this (a key of n words had n suffixes hashed, each
    /// up to n words long: quadratic in the key).
    longest: usize,
}

/// Bits in [`LabelIndex::tails`] (4 KB; about 1,500 tails set 5% of them).
const TAIL_BITS: u32 = 1 << 15;

/// The bit of the last `min(3, len)` bytes of `w` (and their count).
fn tail_bit(w: &[u8]) -> usize {
    let k = w.len().min(3);
    let key = w[w.len() - k..].iter().fold(k as u32, |acc, &c| (acc << 8) | u32::from(c));
    (key.wrapping_mul(0x9E37_79B9) >> (32 - TAIL_BITS.trailing_zeros())) as usize
}

impl LabelIndex {
    /// Whether some joined phrase may end with `w` (false: none does).
    fn may_end_with(&self, w: &str) -> bool {
        let bit = tail_bit(w.as_bytes());
        !w.is_empty() && self.tails[bit / 64] & (1 << (bit % 64)) != 0
    }
}

fn index() -> &'static LabelIndex {
    static IDX: OnceLock<LabelIndex> = OnceLock::new();
    IDX.get_or_init(build_index)
}

/// The label index [`index`] keeps, built on a guard's first scan.
#[inline(never)]
#[cfg_attr(phi_guard_small, optimize(size))]
fn build_index() -> LabelIndex {
    // The phrases split out of their runs once, not by each walk below
    // (each had its own copy of the split in the wasm).
    // One loop over both lists' runs: a `collect` of one and an
    // `extend` by the other each had its own copy of the split.
    let mut all_phrases: Vec<(&'static str, LabelKind)> = Vec::new();
    let mut label_count = 0;
    for runs in [LABELS, KEY_LABELS] {
        label_count = all_phrases.len();
        for &(kind, phrases) in runs {
            all_phrases.extend(phrases.split(',').map(|p| (p, kind)));
        }
    }
    // `label_count` is where KEY_LABELS' phrases begin.
    let phrases = || all_phrases.iter().copied();
    // The phrases' joined forms (no spaces or apostrophes), and the few
    // with an apostrophe without it, in one string kept for the life of
    // the program as the index is: the keys are slices of it or the
    // phrases themselves, not a String each (a guard's first scan
    // builds this index).
    // The parts between the dropped bytes are found byte by byte
    // (`push_without`): a `split` on two chars decoded every char of
    // every phrase, a tenth of the build in wasm instructions.
    let mut all = String::with_capacity(2 * phrases().map(|(p, _)| p.len()).sum::<usize>());
    let mut spans = Vec::with_capacity(phrases().count());
    for (p, _) in phrases() {
        let from = all.len();
        push_without(&mut all, p, |c| c == b' ' || c == b'\'');
        let joined = from..all.len();
        let bare = p.as_bytes().contains(&b'\'').then(|| {
            let from = all.len();
            push_without(&mut all, p, |c| c == b'\'');
            from..all.len()
        });
        spans.push((joined, bare));
    }
    let all: &'static str = Box::leak(all.into_boxed_str());
    let mut table = StaticMap::with_capacity_and_hasher(spans.len(), Default::default());
    let mut joined = StaticMap::with_capacity_and_hasher(spans.len(), Default::default());
    // The tails and the longest key are taken as the keys go in, not
    // by walks of the maps after (each a copy of the map's iterator).
    // A phrase listed twice has one kind (`one_kind_per_phrase`), so
    // the first in LABELS order is the one `table` keeps too; and a
    // repeated key sets the same tail bits again.
    // On the stack until the trie is built: the vector is allocated
    // where it was when it was filled from the maps after the trie (the
    // heap's layout, and so the allocator's work in every scan after,
    // as before).
    let mut tails = [0u64; TAIL_BITS as usize / 64];
    let mut longest = 0;
    for ((p, k), (j, bare)) in phrases().zip(spans) {
        let key = bare.map_or(p, |b| &all[b]);
        let j = &all[j];
        insert_first(&mut table, key, k);
        insert_first(&mut joined, j, k);
        for n in 1..=j.len().min(3) {
            let bit = tail_bit(&j.as_bytes()[j.len() - n..]);
            tails[bit / 64] |= 1 << (bit % 64);
        }
        longest = longest.max(key.len()).max(j.len());
    }
    // The trie takes the longest phrase that ends on a word boundary
    // ("date of birth" wins over "date"). A phrase listed twice has one
    // kind (`one_kind_per_phrase`), so each takes its own.
    let trie = Trie::new(all_phrases[..label_count].iter().copied());
    let tails = tails.to_vec();
    LabelIndex { trie, table, joined, tails, longest }
}

/// Maps `key` to `kind` unless it has a kind already: one copy of the
/// map's insertion for the index's two maps.
#[inline(never)]
fn insert_first(map: &mut StaticMap<&'static str, LabelKind>, key: &'static str, kind: LabelKind) {
    map.entry(key).or_insert(kind);
}

/// Appends `p` to `all` without the ASCII bytes `drop` picks. Each part
/// between them is a slice of `p` (its ends are at ASCII bytes, so on
/// character boundaries): no bytes to check again as UTF-8.
fn push_without(all: &mut String, p: &str, drop: impl Fn(u8) -> bool) {
    let mut from = 0;
    for (i, c) in p.bytes().enumerate() {
        if drop(c) {
            all.push_str(&p[from..i]);
            from = i + 1;
        }
    }
    all.push_str(&p[from..]);
}

/// An ASCII letter or digit or a byte from 0x80: one load, not three
/// range tests (every walk asks at its separators).
fn is_word_byte(b: u8) -> bool {
    BOUNDARY_KIND[usize::from(b)] != 0
}

/// Each byte's kind for [`boundary`]: 0 not a word byte, 1 an ASCII
/// lowercase letter, 2 an uppercase one, 3 any other word byte (a digit,
/// a byte from 0x80).
const BOUNDARY_KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b'a'..=b'z' => 1,
            b'A'..=b'Z' => 2,
            b'0'..=b'9' | 0x80.. => 3,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// A bit per pair of [`BOUNDARY_KIND`]s (`4 * before + after`), set where
/// the pair is a boundary: either byte is no word byte, or a lowercase
/// letter is followed by a capital.
const BOUNDARY_PAIRS: u16 = {
    let mut bits = 0u16;
    let mut pair = 0;
    while pair < 16 {
        let (a, b) = (pair / 4, pair % 4);
        if a == 0 || b == 0 || (a == 1 && b == 2) {
            bits |= 1 << pair;
        }
        pair += 1;
    }
    bits
};

/// A whole-word boundary at byte `i` of `s`, where a lower→upper camelCase
/// step also counts ("patientName" has a boundary before "Name").
///
/// Two loads and a bit of [`BOUNDARY_PAIRS`], with no test of the bytes:
/// walks ask at every phrase end they reach (about 14,500 times in a
/// megabyte of log text), where the tests of each byte cost about 30 wasm
/// instructions a call.
pub(crate) fn boundary(s: &[u8], i: usize) -> bool {
    if i == 0 || i >= s.len() {
        return true;
    }
    let kind = |c: u8| BOUNDARY_KIND[usize::from(c)];
    let pair = 4 * kind(s[i - 1]) + kind(s[i]);
    BOUNDARY_PAIRS >> pair & 1 != 0
}

/// The label phrases as a byte trie over their words written without
/// spaces or apostrophes ("date of birth" → `dateofbirth`). Each phrase end
/// keeps a bit mask of the positions where the phrase had a space: text may
/// put one separator (`_ . - / \/` or a space) there, or none ("dateOfBirth",
/// "date_of_birth", "dateofbirth"), and nowhere else.
///
/// The edges of all nodes are one array, each node's a run of it: a walk
/// step reads the node's run and compares bytes, with no vector per node to
/// load first (labels are looked for at every word start of every text).
/// Nodes are numbered breadth first, and every node also has a row with
/// a child per ASCII letter and digit ([`Trie::dense`]): one load a step
/// instead of a search of the run, which only bytes from 0x80 need. The
/// rows are one array per node, so the column needs no bounds test.
struct Trie {
    /// The root's children by byte (0: none); every word start looks here.
    root: [u32; 256],
    /// Per node, where its edges begin in `edge_bytes` and `edge_nodes`;
    /// they end where the next node's begin (one more entry than nodes).
    first_edge: Vec<u32>,
    /// The byte of each edge (a lowercase word byte).
    edge_bytes: Vec<u8>,
    /// The child of each edge, with [`ENDS_PHRASE`] set when some phrase
    /// ends at that child.
    edge_nodes: Vec<u32>,
    /// The children of each node, a row per node, by [`WORD_CLASS`] (below
    /// [`DENSE_CLASSES`]), tagged as `edge_nodes` (0: none): the same
    /// children as their edges, in a `u16` each (a node's number and
    /// [`ENDS_PHRASE`]).
    ///
    /// About 3,400 rows of 72 bytes, 245 KB. Rows for the first six depths
    /// only (1,100 nodes, where most walks end) as `u32`s took 160 KB; a
    /// step past them searched the edges, about 35 wasm instructions more:
    /// every row, at half the width, costs 0.7% fewer instructions on logs
    /// and 0.4% on pages and adversarial text (all detectors), and about
    /// 4% more for a guard's first scan of a small JSON body (the rows are
    /// filled with the edges).
    dense: Vec<[u16; DENSE_CLASSES]>,
    /// Per node, where the phrases that end there begin in `ends`; they
    /// end where the next node's begin (one more entry than nodes).
    first_end: Vec<u32>,
    /// The space mask and kind of each phrase that ends at a node, node by
    /// node, in `LABELS` order within one.
    ends: Vec<(u64, LabelKind)>,
    /// Per three bytes by [`HEAD_CLASS`] ([`Walker::head`]), where a walk
    /// over them leads: 0 where it can find no phrase, [`HEAD_WALK`] where
    /// a phrase of one or two ends in them or the first byte is from 0x80,
    /// else the node one, two or three steps down, as far as the letters
    /// and digits go ([`HEAD_DEPTH`]; [`HEAD_ENDS`] set when a phrase ends
    /// there).
    heads: Vec<u16>,
}

/// [`Walker::head`] of three bytes a walk must read from the first: a phrase
/// of one or two ends in them (its end depends on the boundary), or they
/// are not three ASCII letters or digits.
const HEAD_WALK: u16 = u16::MAX;

/// Set in a [`Trie::heads`] node where a phrase ends.
const HEAD_ENDS: u16 = 1 << 15;

/// The bits of a [`Trie::heads`] node that hold its depth (1 to 3, the
/// bytes read); the node's number is below them.
const HEAD_DEPTH: u16 = 3 << HEAD_DEPTH_SHIFT;

/// Where [`HEAD_DEPTH`] begins.
const HEAD_DEPTH_SHIFT: u32 = 13;

/// The columns of [`Trie::heads`] at each of its three bytes: the
/// [`DENSE_CLASSES`], then one for every other byte.
const HEAD_CLASSES: usize = DENSE_CLASSES + 1;

/// [`WORD_CLASS`] with every byte that is not an ASCII letter or digit in
/// one class, the last of [`HEAD_CLASSES`]: a head is one load with no
/// test of its bytes.
const HEAD_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = if WORD_CLASS[c] < CLASS_HIGH { WORD_CLASS[c] } else { DENSE_CLASSES as u8 };
        // What makes every index of `Walker::head` one of `Trie::heads`.
        assert!((t[c] as usize) < HEAD_CLASSES);
        c += 1;
    }
    t
};

/// The length of [`Trie::heads`]: a row for every three [`HEAD_CLASS`]es.
const HEADS_LEN: usize = HEAD_CLASSES * HEAD_CLASSES * HEAD_CLASSES;

/// The bytes [`find_labels`] reads the heads of a chunk's word starts
/// from ([`head_window`]): the chunk's sixteen and five more, so the
/// three bytes at any start, whose place in the chunk is the
/// `trailing_zeros` of a `u16` mask (at most 16), and the two after them
/// ([`Walker::after_head`]) lie inside.
const HEAD_WINDOW: usize = 21;

/// The bytes [`find_labels`] classifies a step while the text holds the
/// step's window ([`STEP_WINDOW`]): four chunks of sixteen, their word
/// starts one `u64` mask. A step of sixteen paid the test of the text's
/// end, the carry of the last byte's kinds and the masks' arithmetic once
/// per sixteen bytes, about a third of the 90 wasm instructions a chunk
/// took. The text's last bytes (fewer than a window) go sixteen a step
/// through a padded [`head_window`]: a window of a step, zeroed, cost a
/// short text (most JSON values) about 70 instructions more, as wasmtime
/// counts a `memory.fill` by the byte.
const STEP: usize = 64;

/// A step's bytes and five more, read from the text itself: the three
/// bytes at any start (the `trailing_zeros` of a `u64` mask, at most 64)
/// and the two after them ([`Walker::after_head`]) lie inside.
const STEP_WINDOW: usize = STEP + 5;

/// The kinds of a step's bytes that make word starts, bit k for byte k
/// ([`step_kinds`]).
#[derive(Clone, Copy)]
struct StepKinds {
    /// ASCII `A..=Z`.
    upper: u64,
    /// ASCII `a..=z`.
    lower: u64,
    /// ASCII letters and digits and bytes from 0x80.
    word: u64,
    /// The first bytes of UTF-8 sequences (from 0xC0).
    lead: u64,
}

/// The [`StepKinds`] of the first [`STEP`] bytes of `w`, sixteen at a time.
// Always inlined: the compared constants stay in registers.
#[inline(always)]
fn step_kinds(w: &[u8; STEP_WINDOW]) -> StepKinds {
    // An ASCII step (nearly all of a log's or a page's) has no byte from
    // 0x80 and so no lead byte: its word bytes are its letters and digits.
    if let Some((upper, lower, word)) = ascii_step_kinds(w, 0) {
        return StepKinds { upper, lower, word, lead: 0 };
    }
    let mut k = StepKinds { upper: 0, lower: 0, word: 0, lead: 0 };
    for c in 0..STEP / 16 {
        let kinds = byte_kinds(w, 16 * c);
        let at = |m: u16| u64::from(m) << (16 * c);
        k.upper |= at(kinds.upper);
        k.lower |= at(kinds.lower);
        k.word |= at(kinds.upper | kinds.lower | kinds.digit | kinds.high);
        k.lead |= at(kinds.lead);
    }
    k
}

/// The word starts of a step or a chunk, bit k for byte k, from the kinds
/// of its bytes and those of the byte before it (`word`: a word byte,
/// `lower`: a lowercase letter, each 0 or 1): an ASCII letter after a byte
/// that is neither an ASCII letter or digit nor from 0x80, a capital also
/// after a lowercase letter (camelCase), and the first byte of a UTF-8
/// sequence after anything (CJK text has no spaces between words); a digit
/// would too, but no phrase begins with one.
#[inline(always)]
fn word_starts(k: StepKinds, word: u64, lower: u64) -> u64 {
    k.lead | ((k.upper | k.lower) & !((k.word << 1) | word)) | (k.upper & ((k.lower << 1) | lower))
}

/// All of a `u64` mask's bits from `from` up (none from 64 on): the starts
/// a label that ends at `from` leaves to try.
fn bits_from(from: usize) -> u64 {
    if from < 64 {
        u64::MAX << from
    } else {
        0
    }
}

/// The [`HEAD_WINDOW`] bytes of `b` from `i`, or where `b` ends first, its
/// bytes from `i` and zeros (copied into `pad`). A zero byte is no word
/// byte and no separator that begins a phrase's head: a head that runs past
/// the end reads what one that runs into a `:` reads, a walk on from it
/// stops at the end of the text as a walk from the start does, and no
/// zero after the end is a word start.
#[inline(always)]
fn head_window<'a>(b: &'a [u8], i: usize, pad: &'a mut [u8; HEAD_WINDOW]) -> &'a [u8; HEAD_WINDOW] {
    match b.get(i..i + HEAD_WINDOW) {
        Some(w) => w.try_into().expect("a window's length"),
        None => {
            let rest = b.get(i..).unwrap_or_default();
            *pad = [0; HEAD_WINDOW];
            pad[..rest.len()].copy_from_slice(rest);
            pad
        }
    }
}

/// The arguments of [`Walker::walk`] after the first bytes: the next byte,
/// the node, the word bytes read and the longest phrase found.
type WalkFrom = (usize, usize, usize, Option<(usize, LabelKind)>);

/// The columns of a row of [`Trie::dense`]: `a..=z` then `0..=9`.
const DENSE_CLASSES: usize = 36;

/// [`WORD_CLASS`] of a byte from 0x80 (looked up in the edges).
const CLASS_HIGH: u8 = 36;

/// [`WORD_CLASS`] of a byte that is not a word byte.
const CLASS_NONE: u8 = 37;

/// Each byte's column in a [`Trie::dense`] row: an ASCII letter of either
/// case its place in `a..=z`, a digit 26 and up; [`CLASS_HIGH`] from 0x80
/// and [`CLASS_NONE`] for the rest.
const WORD_CLASS: [u8; 256] = {
    let mut t = [CLASS_NONE; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b'a'..=b'z' => b - b'a',
            b'A'..=b'Z' => b - b'A',
            b'0'..=b'9' => 26 + b - b'0',
            0x80.. => CLASS_HIGH,
            _ => CLASS_NONE,
        };
        c += 1;
    }
    t
};

/// Set in [`Trie::edge_nodes`], [`Trie::dense`] and [`Trie::root`] on a
/// child where a phrase ends; a node's number is below it.
const ENDS_PHRASE: u32 = 1 << 15;

/// Each byte as the trie compares it: an ASCII letter or digit lowercase,
/// a byte from 0x80 as it is (UTF-8), and 0 for any other byte (no phrase
/// holds one, see [`Trie::new`]).
const TRIE_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || b >= 0x80 {
            t[c] = b.to_ascii_lowercase();
        }
        c += 1;
    }
    t
};

impl Trie {
    /// The trie of `phrases` and their kinds.
    fn new(phrases: impl Iterator<Item = (&'static str, LabelKind)>) -> Trie {
        // Built first as lists in flat vectors, with no vector per node:
        // per node its byte, first and last child and next sibling (0:
        // none; the root is no one's child), children in the order their
        // phrases come; and per phrase its node, space mask and kind.
        let (mut byte, mut first, mut last, mut next) = (vec![0u8], vec![0u32], vec![0u32], vec![0u32]);
        let mut ending: Vec<(u32, u64, LabelKind)> = Vec::with_capacity(phrases.size_hint().0);
        for (p, kind) in phrases {
            let (mut node, mut len, mut spaces) = (0usize, 0usize, 0u64);
            for &c in p.as_bytes() {
                match c {
                    b' ' => spaces |= 1 << len,
                    b'\'' => {}
                    _ => {
                        assert!(TRIE_BYTE[usize::from(c)] == c, "a label phrase holds only lowercase word bytes, spaces and apostrophes");
                        // The last child first: phrases sharing a start come
                        // together ("date of birth", "date of service"), so a
                        // step most often goes where the last phrase went.
                        // A node's children have distinct bytes, so the
                        // child found is the one the search would find.
                        let mut k = last[node] as usize;
                        if k != 0 && byte[k] != c {
                            k = first[node] as usize;
                            while k != 0 && byte[k] != c {
                                k = next[k] as usize;
                            }
                        }
                        if k == 0 {
                            k = byte.len();
                            byte.push(c);
                            first.push(0);
                            last.push(0);
                            next.push(0);
                            match last[node] as usize {
                                0 => first[node] = k as u32,
                                l => next[l] = k as u32,
                            }
                            last[node] = k as u32;
                        }
                        node = k;
                        len += 1;
                    }
                }
            }
            // The space masks, and a walk's mask of the separators it read,
            // have a bit per count of word bytes before one: a walk reads
            // no more word bytes than some phrase has, so `Walker::walk`
            // needs no test of its count.
            assert!(len < 64, "a label phrase has fewer than 64 word bytes");
            ending.push((node as u32, spaces, kind));
        }
        // Breadth first: `order[k]` is the node numbered k, `depth[k]` its
        // depth, `id` the number of each node.
        let (mut order, mut depth) = (Vec::with_capacity(byte.len()), Vec::with_capacity(byte.len()));
        order.push(0usize);
        depth.push(0usize);
        let mut k = 0;
        while k < order.len() {
            let mut c = first[order[k]] as usize;
            while c != 0 {
                order.push(c);
                depth.push(depth[k] + 1);
                c = next[c] as usize;
            }
            k += 1;
        }
        // A node's number fits below `ENDS_PHRASE`, in a dense row's u16.
        assert!(order.len() <= ENDS_PHRASE as usize, "fewer than 32,768 trie nodes");
        // Every node number below is one of `id`, each below
        // `order.len()`, the number of dense rows: `Walker::row` relies on
        // it to read a row unchecked.
        let mut id = vec![0u32; order.len()];
        for (k, &n) in order.iter().enumerate() {
            id[n] = k as u32;
        }
        // The phrases ending at each node, node by node in number order
        // and in `LABELS` order within one (a counting sort).
        let mut first_end = vec![0u32; order.len() + 1];
        for &(n, _, _) in &ending {
            first_end[id[n as usize] as usize + 1] += 1;
        }
        for k in 1..first_end.len() {
            first_end[k] += first_end[k - 1];
        }
        let mut ends = vec![(0u64, Ignore); ending.len()];
        let mut at = first_end.clone();
        for &(n, spaces, kind) in &ending {
            let k = &mut at[id[n as usize] as usize];
            ends[*k as usize] = (spaces, kind);
            *k += 1;
        }
        let tagged = |n: usize| id[n] | if first_end[id[n] as usize] < first_end[id[n] as usize + 1] { ENDS_PHRASE } else { 0 };
        let mut t = Trie {
            root: [0; 256],
            first_edge: Vec::with_capacity(order.len() + 1),
            edge_bytes: Vec::with_capacity(order.len()),
            edge_nodes: Vec::with_capacity(order.len()),
            dense: vec![[0; DENSE_CLASSES]; order.len()],
            first_end: Vec::new(),
            ends,
            heads: Vec::new(),
        };
        // The rows are zeroed in one fill and written in place: a row built
        // on the stack and pushed was a fill and a copy of 72 bytes a node.
        for (&n, row) in order.iter().zip(&mut t.dense) {
            t.first_edge.push(t.edge_bytes.len() as u32);
            let mut c = first[n] as usize;
            while c != 0 {
                let child = tagged(c);
                t.edge_bytes.push(byte[c]);
                t.edge_nodes.push(child);
                let class = usize::from(WORD_CLASS[usize::from(byte[c])]);
                if class < DENSE_CLASSES {
                    row[class] = child as u16;
                }
                c = next[c] as usize;
            }
        }
        t.first_edge.push(t.edge_bytes.len() as u32);
        t.first_end = first_end;
        for e in t.first_edge[0] as usize..t.first_edge[1] as usize {
            t.root[usize::from(t.edge_bytes[e])] = t.edge_nodes[e];
        }
        // Up to three steps from the root through the dense rows. The nodes
        // of depths 1 to 3 come first, so their ids fit below `HEAD_DEPTH`
        // (and are not `HEAD_WALK`'s).
        let shallow = depth.iter().take_while(|&&d| d <= 3).count();
        assert!(shallow < usize::from(!HEAD_DEPTH & !HEAD_ENDS), "a node of depth 3 fits a head");
        let at = |n: u32, depth: u16| (n & !ENDS_PHRASE) as u16 | depth << HEAD_DEPTH_SHIFT | if n & ENDS_PHRASE != 0 { HEAD_ENDS } else { 0 };
        t.heads = vec![0; HEADS_LEN];
        let row = |n: u32| (n & !ENDS_PHRASE) as usize;
        let other = DENSE_CLASSES;
        // Where no phrase begins with the first one or two bytes (most
        // pairs), every head stays 0: their rows are skipped, not filled
        // (a guard's first scan builds this table). So does a head whose
        // first letter begins no phrase, whatever follows it.
        for x in 0..HEAD_CLASSES {
            let n1 = if x == other { 0 } else { u32::from(t.dense[0][x]) };
            if n1 == 0 && x != other {
                continue;
            }
            for y in 0..HEAD_CLASSES {
                let k = (x * HEAD_CLASSES + y) * HEAD_CLASSES;
                // A first byte from 0x80 is walked from the start; a letter
                // then a separator, an apostrophe or a byte from 0x80 from
                // the letter's node ("d o b", "e-mail").
                if x == other || y == other {
                    let head = if x == other || n1 & ENDS_PHRASE != 0 { HEAD_WALK } else { at(n1, 1) };
                    t.heads[k..k + HEAD_CLASSES].fill(head);
                    continue;
                }
                let n2 = u32::from(t.dense[row(n1)][y]);
                if n2 == 0 && n1 & ENDS_PHRASE == 0 {
                    continue;
                }
                for z in 0..HEAD_CLASSES {
                    let n3 = if n2 == 0 || z == other { 0 } else { u32::from(t.dense[row(n2)][z]) };
                    t.heads[k + z] = if n1 & ENDS_PHRASE != 0 || n2 & ENDS_PHRASE != 0 {
                        HEAD_WALK
                    } else if z == other {
                        // Two letters then a separator ("id=", "in 3 days"):
                        // on from the second letter's node.
                        at(n2, 2)
                    } else if n3 == 0 {
                        0
                    } else {
                        at(n3, 3)
                    };
                }
            }
        }
        t
    }

    /// The tables a walk reads, as slices.
    fn walker(&self) -> Walker<'_> {
        Walker {
            root: &self.root,
            first_edge: &self.first_edge,
            edge_bytes: &self.edge_bytes,
            edge_nodes: &self.edge_nodes,
            dense: &self.dense,
            first_end: &self.first_end,
            ends: &self.ends,
            heads: self.heads.as_slice().try_into().expect("the head table is built whole"),
        }
    }
}

/// A [`Trie`]'s tables, read once for a text: [`find_labels`] keeps them in
/// locals. Read through the trie, they were read again for every walk (the
/// push of a label found may write memory, so the compiler cannot keep
/// them), about 30 instructions a walk.
#[derive(Clone, Copy)]
struct Walker<'t> {
    root: &'t [u32; 256],
    first_edge: &'t [u32],
    edge_bytes: &'t [u8],
    edge_nodes: &'t [u32],
    dense: &'t [[u16; DENSE_CLASSES]],
    first_end: &'t [u32],
    ends: &'t [(u64, LabelKind)],
    heads: &'t [u16; HEADS_LEN],
}

impl<'t> Walker<'t> {
    /// Where a walk from the start at byte `q` of the [`head_window`] `w`
    /// is after its first bytes (up to three), from one load
    /// ([`Trie::heads`]): 0 where the walk finds nothing (about half the
    /// words of a log or a page begin no phrase: "INFO", hex ids),
    /// [`HEAD_WALK`] where the walk must begin at the start, else the node
    /// [`Walker::walk`] goes on from ([`Walker::after_head`]). Most walks
    /// that find nothing end right after the third byte ("req=", "api/").
    ///
    /// The three bytes are read from the window with no bounds test (`q`
    /// is at most its length less three): a test of each start against the
    /// end of the text cost about 10 of the 60 wasm instructions a start
    /// takes.
    #[inline]
    fn head<const N: usize>(self, w: &[u8; N], q: usize) -> u16 {
        let class = |c: u8| usize::from(HEAD_CLASS[usize::from(c)]);
        let k = (class(w[q]) * HEAD_CLASSES + class(w[q + 1])) * HEAD_CLASSES + class(w[q + 2]);
        debug_assert!(k < HEADS_LEN);
        // SAFETY: each class is below HEAD_CLASSES (asserted where
        // HEAD_CLASS is built), so `k` is below HEADS_LEN, the length of
        // `heads`. Unchecked: the test of `k` was 3 of the 30 or so wasm
        // instructions a word start costs, and a text has one every ten
        // bytes.
        unsafe { *self.heads.get_unchecked(k) }
    }

    /// Where [`Walker::walk`] goes on from for the walk from `p`, given the
    /// [`Walker::head`] of the three bytes at `p` (neither 0 nor
    /// [`HEAD_WALK`]): after the bytes its depth says, at its node, having
    /// read no separator and found no phrase of one or two (none ends in
    /// them); or None where the walk would find nothing.
    ///
    /// Where no phrase ends in the head, the byte after it is read here
    /// too when it is a letter or digit: most walks that go past a head end
    /// at that byte ("class", "section", "req_", "debug": about 20,000 a
    /// megabyte of log, 32,000 of a page), and each ended here skips the
    /// walk's setup; one that goes on starts after it, as it would have.
    /// So does a walk that would stop at the next byte with no phrase
    /// found ([`Walker::stops_at_byte`]: "req=", "span>", "POST /").
    ///
    /// The two bytes after the head are read from the window `w` of the
    /// start `p` at its place `q` (`q + 5` at most its length), with no
    /// test of the text's end: past it the window holds zeros, which are no
    /// word bytes and begin no separator, as the end is.
    // Always inlined: returned from a call, the tuple went through memory.
    #[inline(always)]
    fn after_head<const N: usize>(self, b: &[u8], w: &[u8; N], q: usize, p: usize, head: u16) -> Option<WalkFrom> {
        let (node, len) = (usize::from(head & !HEAD_DEPTH & !HEAD_ENDS), usize::from((head & HEAD_DEPTH) >> HEAD_DEPTH_SHIFT));
        let i = p + len;
        if head & HEAD_ENDS != 0 {
            // The phrase ending at the last byte read, if it ends a word.
            let best = if boundary(b, i) { Some((i, self.first_kind(node))) } else { None };
            return Some((i, node, len, best));
        }
        let (c, after) = (w[q + len], w[q + len + 1]);
        let class = WORD_CLASS[usize::from(c)];
        if class >= CLASS_HIGH {
            // Most heads followed by a byte that is no word byte end the
            // walk there ("req=", "id:", "src/api"; of the 16,000 such heads
            // in a megabyte of log and 13,000 of a page).
            if class == CLASS_NONE && self.stops_at_byte(b, i, c, node) {
                return None;
            }
            return Some((i, node, len, None));
        }
        // The walk's step over a letter or digit, with no separator read:
        // a phrase ending at it is the first that ends at its node.
        let tagged = u32::from(self.row(node)[usize::from(class)]);
        if tagged == 0 {
            return None;
        }
        let node = (tagged & !ENDS_PHRASE) as usize;
        let best = if tagged & ENDS_PHRASE != 0 && boundary(b, i + 1) { Some((i + 1, self.first_kind(node))) } else { None };
        // Where no phrase ended, many walks stop at the next byte too
        // ("span>", "span class", "POST /": of the 21,000 walks on from
        // here in a megabyte of log and 34,000 of a page).
        if best.is_none() && self.stops_at_byte(b, i + 1, after, node) {
            return None;
        }
        Some((i + 1, node, len + 1, best))
    }

    /// Whether [`Walker::walk`] at `node`, having read a word byte right
    /// before byte `i` of `b`, stops there without reading another byte of
    /// a phrase: the byte is a letter or digit `node` has no child for, or
    /// it is no word byte (or the end of the text) and neither an
    /// apostrophe nor one separator before a letter or digit `node` has a
    /// child for. False where the walk may go on (a byte from 0x80 is not
    /// looked up here). `c` is the byte at `i`, 0 where `i` is the end of
    /// the text or past it (a 0 in the text says the same: it is no word
    /// byte and no separator), so a caller holding it reads it once.
    #[inline(always)]
    fn stops_at_byte(self, b: &[u8], i: usize, c: u8, node: usize) -> bool {
        let class = |c: &u8| WORD_CLASS[usize::from(*c)];
        let no_child = |class: u8| match class {
            CLASS_HIGH => false,
            CLASS_NONE => true,
            _ => self.row(node)[usize::from(class)] == 0,
        };
        let sep = match c {
            c if class(&c) != CLASS_NONE => return no_child(class(&c)),
            b' ' | b'_' | b'.' | b'-' | b'/' => 1,
            b'\\' if b.get(i + 1) == Some(&b'/') => 2,
            b'\'' => return false,
            _ => return true,
        };
        b.get(i + sep).is_none_or(|c| no_child(class(c)))
    }

    /// [`Walker::stops_at_byte`] reading the byte at `i` from `b`.
    #[cfg(test)]
    fn stops_at(self, b: &[u8], i: usize, node: usize) -> bool {
        self.stops_at_byte(b, i, b.get(i).copied().unwrap_or(0), node)
    }

    /// The labels at the `starts` (bit k for byte `i + k`) of the window
    /// `w` of `b` at `i`, pushed to `out`; returns where the last one ends
    /// (`next` if none), the starts before it skipped. Always inlined, in
    /// both loops of [`find_labels`]: a call per start cost more than the
    /// second copy's bytes.
    #[inline(always)]
    fn labels_from<const N: usize>(self, b: &[u8], w: &[u8; N], i: usize, mut starts: u64, mut next: usize, out: &mut Vec<LabelHit>) -> usize {
        while starts != 0 {
            let q = starts.trailing_zeros() as usize;
            let p = i + q;
            starts &= starts - 1;
            let (from, node, len, best) = match self.head(w, q) {
                0 => continue,
                HEAD_WALK if self.root[usize::from(w[q].to_ascii_lowercase())] == 0 => continue,
                HEAD_WALK => (p, 0, 0, None),
                head => match self.after_head(b, w, q, p, head) {
                    Some(from) => from,
                    None => continue,
                },
            };
            if let Some((end, kind)) = self.walk(b, from, node, len, best) {
                debug_assert!(end > p);
                if names_closing_tag(b, p) || no_label_at(b, p, end) {
                    continue;
                }
                out.push(LabelHit { start: p, end, kind });
                next = end;
                starts &= bits_from(end - i);
            }
        }
        next
    }

    /// The dense row of `node`, a node number read from the trie's tables.
    ///
    /// Unchecked: a walk reads a row for nearly every byte it reads and
    /// for most heads, and the test of the node against the number of
    /// rows cost a few wasm instructions each time. Every node number in
    /// the tables is an `id` of [`Trie::new`], below the number of nodes,
    /// which is the number of rows; the walk reads no other.
    #[inline(always)]
    fn row(self, node: usize) -> &'t [u16; DENSE_CLASSES] {
        debug_assert!(node < self.dense.len());
        // SAFETY: `node` comes from the trie's own tables (a dense row, a
        // head, an edge or the root), whose node numbers are all below
        // `dense.len()` (see `Trie::new`).
        unsafe { self.dense.get_unchecked(node) }
    }

    /// The kind of the first phrase that ends at `node`, one tagged with
    /// [`ENDS_PHRASE`] (or [`HEAD_ENDS`]): the one a walk that read no
    /// separator finds, since every space mask allows none. One load past
    /// the node's first end, not the test of its run and the search.
    #[inline(always)]
    fn first_kind(self, node: usize) -> LabelKind {
        debug_assert!(!self.ends_at(node).is_empty());
        self.ends[self.first_end[node] as usize].1
    }

    /// The space mask and kind of each phrase that ends at `node`.
    #[inline]
    fn ends_at(self, node: usize) -> &'t [(u64, LabelKind)] {
        &self.ends[self.first_end[node] as usize..self.first_end[node + 1] as usize]
    }

    /// The child of `node` by lowercase byte `c`, tagged with [`ENDS_PHRASE`].
    // Always inlined: called, it took the walker in memory, stored anew in
    // every step of `find_labels`.
    #[inline(always)]
    fn child(self, node: usize, c: u8) -> Option<u32> {
        let (from, to) = (self.first_edge[node] as usize, self.first_edge[node + 1] as usize);
        let bytes = &self.edge_bytes[from..to];
        // The walk asks only for bytes from 0x80, mostly inside a CJK
        // phrase, whose nodes have one child: one compare, not the search
        // loop's setup.
        if let [e] = bytes {
            return (*e == c).then(|| self.edge_nodes[from]);
        }
        let k = bytes.iter().position(|&e| e == c)?;
        Some(self.edge_nodes[from + k])
    }

    /// [`Walker::walk`] from `start` itself, without a head.
    #[cfg(test)]
    fn longest_at(self, b: &[u8], start: usize) -> Option<(usize, LabelKind)> {
        self.walk(b, start, 0, 0, None)
    }

    /// End (exclusive) and kind of the longest phrase from where the walk
    /// began whose end is a word boundary (or a non-ASCII character, for
    /// scripts without spaces), the walk going on from byte `i` at `node`
    /// after `len` word bytes and no separator, with the longest phrase
    /// found so far. For a walk from a head or from the start; inlined
    /// into both loops of [`find_labels`] (about 2.5 KB more wasm than one
    /// copy): called from two places it was no longer inlined, and a call
    /// with its arguments and answer cost the 64-byte steps most of their
    /// gain.
    #[inline(always)]
    fn walk(self, b: &[u8], mut i: usize, mut node: usize, mut len: usize, mut best: Option<(usize, LabelKind)>) -> Option<(usize, LabelKind)> {
        let mut seps = 0u64;
        while i < b.len() {
            let class = WORD_CLASS[usize::from(b[i])];
            // Letters and digits first, with one test: most bytes a walk reads.
            let tagged = if class < CLASS_HIGH {
                u32::from(self.row(node)[usize::from(class)])
            } else if class == CLASS_HIGH {
                // A byte from 0x80 is its own trie byte.
                self.child(node, b[i]).unwrap_or(0)
            } else {
                // No phrase holds a byte that is not a word byte: here it
                // is a separator, a skipped apostrophe, or the end of the walk.
                if len > 0 && is_word_byte(b[i - 1]) {
                    // One separator between two words: `_ . - / \/` or a space.
                    let sep = match b[i] {
                        b' ' | b'_' | b'.' | b'-' | b'/' => 1,
                        b'\\' if b.get(i + 1) == Some(&b'/') => 2,
                        _ => 0,
                    };
                    if sep > 0 && b.get(i + sep).is_some_and(|&n| is_word_byte(n)) {
                        seps |= 1 << len;
                        i += sep;
                        continue;
                    }
                }
                if b[i] == b'\'' && len > 0 {
                    i += 1;
                    continue;
                }
                break;
            };
            if tagged == 0 {
                break;
            }
            node = (tagged & !ENDS_PHRASE) as usize;
            len += 1;
            i += 1;
            // The boundary is looked at only where a phrase ends.
            if tagged & ENDS_PHRASE != 0 && (class == CLASS_HIGH || boundary(b, i)) {
                // The first phrase ending here whose spaces allow the
                // separators read: with none read, the first of all.
                let kind = if seps == 0 { Some(self.first_kind(node)) } else { self.ends_at(node).iter().find(|&&(m, _)| seps & !m == 0).map(|&(_, kind)| kind) };
                if let Some(kind) = kind {
                    best = Some((i, kind));
                }
            }
        }
        best
    }
}

/// Whether the word at `p` names a closing tag: right after `</`, or `<\\/`
/// as a JSON string or a script writes it. `</address>` and `</dl>` end an
/// element and say nothing of the text after them, which an opening tag
/// (`<address>123 Main St`) does; read as labels, they typed the next
/// words of a page ("Loading") as an address, and claim numbers after a
/// `</dl>` as licence numbers. Asked only where a phrase was found.
#[inline]
fn names_closing_tag(b: &[u8], p: usize) -> bool {
    p >= 2 && b[p - 1] == b'/' && (b[p - 2] == b'<' || (p >= 3 && b[p - 2] == b'\\' && b[p - 3] == b'<'))
}

/// Whether the label at `p..end` is the decilitre of a concentration's
/// unit (`g/dL`, `mg/dL`): after a letter and a `/`, "dL" is no driver's
/// licence, and a lab result's reference range after it (`12.0-16.0`) no
/// licence number. Asked only where a phrase was found.
#[inline]
fn names_a_unit(b: &[u8], p: usize, end: usize) -> bool {
    end == p + 2 && p >= 2 && b[p - 1] == b'/' && b[p - 2].is_ascii_alphabetic() && b[p..end].eq_ignore_ascii_case(b"dl")
}

/// Whether the label at `p..end` is "pid 7" written other than as HL7
/// writes its field, `PID-7` or `PID.7` (the patient's date of birth, as
/// an interface engine's parse errors name it): "pid 7" or `[pid 7]` in
/// a log is process 7, and a timestamp after it no one's date. Asked
/// only where a phrase was found.
#[inline]
fn names_a_process(b: &[u8], p: usize, end: usize) -> bool {
    let l = &b[p..end];
    (4..=5).contains(&l.len()) && l[..3].eq_ignore_ascii_case(b"pid") && l.ends_with(b"7") && !matches!(l, [b'P', b'I', b'D', b'-' | b'.', b'7'])
}

/// Whether the phrase found at `p..end` is no label there: a unit
/// ([`names_a_unit`]) or a process ([`names_a_process`]).
#[inline]
fn no_label_at(b: &[u8], p: usize, end: usize) -> bool {
    names_a_unit(b, p, end) || names_a_process(b, p, end)
}

/// Every label in `text`, whole words only, except the names of closing
/// tags ([`names_closing_tag`]) and units ([`names_a_unit`]).
pub(crate) fn find_labels(text: &str) -> Vec<LabelHit> {
    let trie = index().trie.walker();
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Sixty-four bytes a step while the text holds a step's window, then
    // sixteen, the word starts ([`word_starts`]) as a bit mask. Each start
    // whose first three bytes may begin a phrase ([`Walker::head`]) is
    // tried, and one whose byte begins none is not; a label found moves
    // `next` past it, and the starts before `next` leave the mask (where the
    // label ends in this step, and at the start of the step it runs into),
    // not tested one by one. `word` and `lower` carry the kind of a step's
    // last byte into the next: a word byte, and a lowercase letter.
    let (mut next, mut word, mut lower) = (0usize, 0u64, 0u64);
    let mut i = 0;
    while let Some(w) = b.get(i..i + STEP_WINDOW) {
        let w: &[u8; STEP_WINDOW] = w.try_into().expect("a window's length");
        let k = step_kinds(w);
        let mut starts = word_starts(k, word, lower);
        if next > i {
            starts &= bits_from(next - i);
        }
        (word, lower) = (k.word >> 63, k.lower >> 63);
        next = trie.labels_from(b, w, i, starts, next, &mut out);
        i += STEP;
    }
    let mut pad = [0; HEAD_WINDOW];
    while i < b.len() {
        // The chunk's kinds from its window: one test of the text's end
        // for both (the window's first sixteen bytes are in it).
        let w = head_window(b, i, &mut pad);
        let k = byte_kinds(w, 0);
        let k = StepKinds { upper: k.upper.into(), lower: k.lower.into(), word: (k.upper | k.lower | k.digit | k.high).into(), lead: k.lead.into() };
        let mut starts = word_starts(k, word, lower);
        if next > i {
            starts &= bits_from(next - i);
        }
        (word, lower) = (k.word >> 15, k.lower >> 15);
        next = trie.labels_from(b, w, i, starts, next, &mut out);
        i += 16;
    }
    out
}

/// Splits a key or label into lowercase words: `birthDate` → "birth date",
/// `patient_name` → "patient name", `X-Forwarded-For` → "x forwarded for".
pub(crate) fn normalise(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev: Option<char> = None;
    for c in key.chars() {
        if c.is_alphanumeric() {
            if let Some(p) = prev {
                let camel = p.is_lowercase() && c.is_uppercase();
                if camel && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            if c.is_ascii() {
                // Most keys: without the case-mapping iterator.
                out.push(c.to_ascii_lowercase());
            } else {
                crate::lowercase::push_lower(&mut out, c);
            }
        } else if c != '\'' && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        prev = Some(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// What exactly this phrase says (no trailing-word fallback): for compound
/// keys built from a parent and a child key ("period" + "start").
pub(crate) fn lookup_exact(phrase: &str) -> Option<LabelKind> {
    index().table.get(normalise(phrase).as_str()).copied()
}

/// Whether some phrase may end with the word `w` (false: [`lookup_exact`]
/// of any phrase whose last word is `w` is `None`).
pub(crate) fn may_end_with(w: &str) -> bool {
    index().may_end_with(w)
}

/// What a key / label phrase says, if anything. Tries the whole phrase, then
/// its trailing words ("home phone number" → "phone number"), so compound
/// keys like `patientHomePhone` resolve.
pub(crate) fn lookup(phrase: &str) -> Option<LabelKind> {
    // One word of lowercase ASCII letters and digits (the folded name
    // words `names::is_stop` asks about, "phone") is normalised already:
    // no String for it.
    if phrase.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return lookup_normalised(phrase);
    }
    lookup_normalised(&normalise(phrase))
}

/// [`lookup`] of a phrase already [`normalise`]d (a JSON key's words are
/// normalised once, for this and for the guard's key rules).
pub(crate) fn lookup_normalised(norm: &str) -> Option<LabelKind> {
    let idx = index();
    // Every phrase tried below ends with the last word, and every label
    // phrase's joined form (spaces removed) is in `joined`: unless some
    // joined phrase ends like that word, none matches.
    let Some(space) = norm.rfind(' ') else {
        // One word (most asked about: name words, which are no label) is
        // its own joined form and says there what it says in `table`
        // (`one_word_says_the_same_in_both_tables`): one look-up, not two.
        return if idx.may_end_with(norm) { idx.joined.get(norm).copied() } else { None };
    };
    if !idx.may_end_with(&norm[space + 1..]) {
        return None;
    }
    // The words without separators ("dateofbirth", "memberid"), once: each
    // shorter phrase's joined form is a suffix of it.
    let all_joined = norm.replace(' ', "");
    let (mut rest, mut joined) = (norm, &*all_joined);
    loop {
        let space = rest.find(' ');
        // The last word, as above, in `joined` alone. A suffix longer than
        // every phrase is not looked up (`joined` is never longer than `rest`).
        if space.is_some() && rest.len() <= idx.longest {
            #[cfg(test)]
            tests::HASHED.set(tests::HASHED.get() + rest.len());
            if let Some(k) = idx.table.get(rest) {
                return Some(*k);
            }
        }
        if joined.len() <= idx.longest {
            #[cfg(test)]
            tests::HASHED.set(tests::HASHED.get() + joined.len());
            if let Some(k) = idx.joined.get(joined) {
                if space.is_none() && *k == Phi(T::Name) && matches!(rest, "name" | "names") {
                    return names_a_person(&norm[..norm.len() - rest.len() - 1]).then_some(*k);
                }
                return Some(*k);
            }
        }
        match space {
            Some(i) => {
                // The first word is `i` bytes in both.
                rest = &rest[i + 1..];
                joined = &joined[i..];
            }
            None => return None,
        }
    }
}

/// Whether the words `before` a last word "name" that the two do not make a
/// phrase with ("pod", "operation", "browser", "service" before it; not
/// "user", "full", "display") say whose name it is: a person's when they
/// are a person label themselves ("guardian name", "recipient name",
/// "patients name"). A Kubernetes pod's, a GraphQL operation's or a
/// browser's name is no person's, nor is a clinic's or a provider's.
#[inline(never)]
pub(crate) fn names_a_person(before: &str) -> bool {
    let person = |w: &str| matches!(lookup_normalised(w), Some(Phi(T::Name) | Role));
    person(before) || before.strip_suffix('s').is_some_and(person)
}

/// Abbreviations of date columns' words after a key's first word
/// ("birth_dt", "DISCH_DT"): read as the words they stand for. Not as the
/// first word: `dt` alone is a log's timestamp.
const KEY_ABBREVIATIONS: &[(&str, &str)] = &[("dt", "date"), ("dttm", "date"), ("disch", "discharge")];

/// Last words of a key that say how its value is written, not what it is
/// ("dob_str", "dobString", "dob_iso").
const FORMAT_WORDS: &[&str] = &["str", "string", "iso", "formatted", "fmt", "raw", "text", "value", "val"];

/// Words of a date's pattern after a header's name ("DOB (MM/DD/YYYY)"):
/// dropped, all of them, as a last [`FORMAT_WORDS`] word is.
const DATE_PATTERN_WORDS: &[&str] = &["mm", "dd", "yy", "yyyy", "mmddyyyy", "yyyymmdd", "ddmmyyyy"];

/// What a JSON key or CSV header says, from its [`normalise`]d words: as
/// [`lookup_normalised`], but with [`KEY_ABBREVIATIONS`] read as their
/// words and without a last word of [`FORMAT_WORDS`], when what that
/// leaves is a label ("dob text" is a date, not a text message's phone).
/// A key is worked out once per guard (the JSON key cache), so the extra
/// look-up costs a body nothing; it is one pass over the key and one more
/// [`lookup_normalised`], bounded as that is.
pub(crate) fn lookup_key(norm: &str) -> Option<LabelKind> {
    let mut head = match norm.rsplit_once(' ') {
        Some((head, last)) if FORMAT_WORDS.contains(&last) => head,
        _ => norm,
    };
    while let Some((rest, _)) = head.rsplit_once(' ').filter(|(_, last)| DATE_PATTERN_WORDS.contains(last)) {
        head = rest;
    }
    let abbreviation = |w: &str| KEY_ABBREVIATIONS.iter().find(|(a, _)| *a == w).map(|(_, to)| *to);
    let abbreviated = head.split(' ').skip(1).any(|w| abbreviation(w).is_some());
    if head.len() == norm.len() && !abbreviated {
        return lookup_normalised(norm).filter(|k| !matches!(k, Role | Cue | Payer));
    }
    let read = if abbreviated {
        let mut read = String::with_capacity(head.len() + 16);
        for (i, w) in head.split(' ').enumerate() {
            if i > 0 {
                read.push(' ');
            }
            read.push_str(abbreviation(w).filter(|_| i > 0).unwrap_or(w));
        }
        std::borrow::Cow::Owned(read)
    } else {
        std::borrow::Cow::Borrowed(head)
    };
    lookup_normalised(&read).or_else(|| lookup_normalised(norm)).filter(|k| !matches!(k, Role | Cue | Payer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `find_labels` as it was written before the byte-class loop: word
    /// starts by `boundary()` at every byte (with the units' rule,
    /// [`names_a_unit`], added since).
    /// Byte by byte, each word start tried with [`longest_reference`].
    fn find_labels_reference(text: &str) -> Vec<(usize, usize, LabelKind)> {
        let b = text.as_bytes();
        let (mut out, mut i) = (Vec::new(), 0);
        while i < b.len() {
            let c = b[i];
            let closing = b[..i].ends_with(b"</") || b[..i].ends_with(b"<\\/");
            let candidate = !closing && if c >= 0x80 { c >= 0xC0 } else { is_word_byte(c) && boundary(b, i) };
            if candidate {
                if let Some((end, kind)) = longest_reference(b, i).filter(|&(end, _)| !no_label_at(b, i, end)) {
                    out.push((i, end, kind));
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    /// [`find_labels_reference`] with each start walked by the trie from
    /// the start ([`Walker::longest_at`], held to [`longest_reference`] by
    /// the tests above): fast enough for texts of a few steps.
    fn find_labels_by_walks(text: &str) -> Vec<(usize, usize, LabelKind)> {
        let (b, t) = (text.as_bytes(), index().trie.walker());
        let (mut out, mut i) = (Vec::new(), 0);
        while i < b.len() {
            let c = b[i];
            let closing = b[..i].ends_with(b"</") || b[..i].ends_with(b"<\\/");
            let candidate = !closing && if c >= 0x80 { c >= 0xC0 } else { is_word_byte(c) && boundary(b, i) };
            if let Some((end, kind)) = candidate.then(|| t.longest_at(b, i)).flatten().filter(|&(end, _)| !no_label_at(b, i, end)) {
                out.push((i, end, kind));
                i = end;
                continue;
            }
            i += 1;
        }
        out
    }

    /// `Walker::longest_at` without a trie: the text from `start` read as the
    /// walk reads it (lowercase word bytes; a separator between two words
    /// noted before the next, an apostrophe skipped), then each phrase of
    /// `LABELS` compared with the first `k` bytes read, for every `k`. The
    /// longest that ends on a boundary wins; at one length, the first
    /// phrase whose spaces cover the separators read.
    fn longest_reference(b: &[u8], start: usize) -> Option<(usize, LabelKind)> {
        // (byte, end of it in `b`, a separator read right before it)
        let mut read: Vec<(u8, usize, bool)> = Vec::new();
        let (mut i, mut sep) = (start, false);
        while i < b.len() && read.len() < 64 {
            if is_word_byte(b[i]) {
                read.push((b[i].to_ascii_lowercase(), i + 1, sep));
                (i, sep) = (i + 1, false);
                continue;
            }
            let n = match (b[i], b.get(i + 1)) {
                (b' ' | b'_' | b'.' | b'-' | b'/', _) => 1,
                (b'\\', Some(b'/')) => 2,
                _ => 0,
            };
            if !read.is_empty() && is_word_byte(b[i - 1]) && n > 0 && b.get(i + n).is_some_and(|&c| is_word_byte(c)) {
                (i, sep) = (i + n, true);
            } else if b[i] == b'\'' && !read.is_empty() {
                i += 1;
            } else {
                break;
            }
        }
        let mut best = None;
        for k in 1..=read.len() {
            let (c, end, _) = read[k - 1];
            if !(c >= 0x80 || boundary(b, end)) {
                continue;
            }
            let kind = labels().map(|(p, _)| p.replace('\'', "")).find(|p| {
                let words: Vec<&str> = p.split(' ').collect();
                let joined = words.concat();
                // The positions (in bytes read) where the phrase has a space.
                let spaces: Vec<usize> = words.iter().scan(0, |at, w| { *at += w.len(); Some(*at) }).collect();
                joined.len() == k && joined.bytes().eq(read[..k].iter().map(|r| r.0)) && (1..k).all(|j| !read[j].2 || spaces.contains(&j))
            });
            if let Some(p) = kind {
                best = Some((end, index().table[p.as_str()]));
            }
        }
        best
    }

    /// `normalise` as it was written before its ASCII case mapping.
    fn normalise_reference(key: &str) -> String {
        let mut out = String::with_capacity(key.len() + 4);
        let mut prev: Option<char> = None;
        for c in key.chars() {
            if c.is_alphanumeric() {
                if let Some(p) = prev {
                    let camel = p.is_lowercase() && c.is_uppercase();
                    if camel && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                out.extend(c.to_lowercase());
            } else if c != '\'' && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            prev = Some(c);
        }
        while out.ends_with(' ') {
            out.pop();
        }
        out
    }

    thread_local! {
        /// The bytes of the keys [`lookup_normalised`] has looked up in its
        /// tables on this thread.
        pub(super) static HASHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A key of many words (`a_a_…_fax`, 100,000 of them, as a hostile JSON
    /// key or query parameter name) is looked up by its suffixes no longer
    /// than the longest phrase: the bytes looked up do not grow with the
    /// key (they grew with its square: 2.6 s for a 200 KB key in wasm), and
    /// a label at the end of a long key is still found.
    #[test]
    fn a_long_key_is_looked_up_by_its_short_suffixes() {
        let longest = index().longest;
        for words in [10, 1_000, 100_000] {
            for last in ["fax", "date of birth", "zzz"] {
                let key = format!("{}{last}", "a ".repeat(words));
                HASHED.set(0);
                let kind = lookup_normalised(&key);
                assert!(HASHED.get() <= 2 * longest * longest, "{words} words: {} bytes looked up", HASHED.get());
                assert_eq!(kind, lookup_normalised(last), "{words} words then {last:?}");
            }
        }
        assert!(lookup_normalised(&format!("{}fax", "a ".repeat(100_000))).is_some());
    }

    /// Date columns' keys: abbreviations read as their words, a last word
    /// naming the value's format dropped when a label remains; a long key
    /// is looked up by short suffixes still.
    #[test]
    fn date_column_keys_are_labels() {
        for k in ["birth_dt", "DOB_DT", "admit_dt", "discharge_dt", "DISCH_DT", "death_dt", "dob_str", "dobString", "dob_iso", "birthDate_fmt", "admit_dttm", "dob_text"] {
            assert_eq!(lookup_key(&normalise(k)), Some(Phi(T::Date)), "{k}");
        }
        // Not `dt` alone (a log's timestamp), nor a format word alone or
        // after what is no label; other keys say what they said.
        for (k, kind) in [("dt", None), ("dttm", None), ("value", None), ("status_text", Some(Phi(T::Phone))), ("created_dt", Some(Ignore)), ("phone_str", Some(Phi(T::Phone))), ("telecom_value", Some(Phi(T::Phone)))] {
            assert_eq!(lookup_key(&normalise(k)), kind, "{k}");
        }
        let longest = index().longest;
        for key in [format!("{}dob", "a dt ".repeat(100_000)), format!("{}birth dt iso", "a ".repeat(100_000))] {
            HASHED.set(0);
            assert_eq!(lookup_key(&key), Some(Phi(T::Date)));
            assert!(HASHED.get() <= 4 * longest * longest, "{} bytes looked up", HASHED.get());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]
        /// Keys longer than every phrase (noise words, then phrases): the
        /// same as the reference, which looks up every suffix.
        #[test]
        fn lookup_of_a_long_key_is_the_reference(noise in prop::collection::vec("[a-z0-9]{1,9}", 8..40), s in phrases()) {
            let key = format!("{} {s}", noise.join("_"));
            prop_assert_eq!(lookup(&key), lookup_reference(&key));
        }
    }

    /// `lookup` as it was written before the tail filter and the single
    /// joined form: every trailing phrase, its joined form built anew.
    fn lookup_reference(phrase: &str) -> Option<LabelKind> {
        lookup_reference_normalised(&normalise(phrase))
    }

    /// [`lookup_reference`] of words already normalised.
    fn lookup_reference_normalised(norm: &str) -> Option<LabelKind> {
        let idx = index();
        let mut rest = norm;
        loop {
            if let Some(k) = idx.table.get(rest).or_else(|| idx.joined.get(rest.replace(' ', "").as_str())) {
                // A last word "name" alone after words that are no person
                // label ("pod name"): no label.
                if let Some(before) = norm.strip_suffix(rest).and_then(|b| b.strip_suffix(' ')).filter(|_| *k == Phi(T::Name) && (rest == "name" || rest == "names")) {
                    let person = |w: &str| matches!(lookup_reference_normalised(w), Some(Phi(T::Name) | Role));
                    return (person(before) || before.strip_suffix('s').is_some_and(person)).then_some(*k);
                }
                return Some(*k);
            }
            match rest.find(' ') {
                Some(i) => rest = &rest[i + 1..],
                None => return None,
            }
        }
    }

    /// A message's cue ("thanks", "its") says something only before a
    /// name in text: as a key, nothing.
    #[test]
    fn cues_are_no_keys() {
        assert_eq!(lookup(&normalise("thanks")), Some(Cue));
        for k in ["thanks", "its", "message_thanks", "thisIs"] {
            assert_eq!(lookup_key(&normalise(k)), None, "{k}");
        }
    }

    /// A key whose last word is "name" names a person only after a person
    /// label or in a phrase: a pod's, a service's, a GraphQL operation's
    /// or a browser's name is no person's.
    #[test]
    fn names_of_things_are_no_name_labels() {
        for k in ["pod_name", "namespace_name", "container_name", "service_name", "operationName", "browser.name", "revision_name", "facilityName"] {
            assert_eq!(lookup_key(&normalise(k)), None, "{k}");
        }
        for k in ["name", "patientName", "displayName", "guardian_name", "recipientName", "nok_name", "patients_name", "clientName", "full_name", "nickName", "emergencyContactName", "first_name"] {
            assert_eq!(lookup_key(&normalise(k)), Some(Phi(T::Name)), "{k}");
        }
    }

    /// Keys and values as JSON and URLs have them: label phrases in any
    /// case and joining, words around them, ids, non-ASCII and noise.
    fn phrases() -> impl Strategy<Value = String> {
        let listed: Vec<String> = labels().chain(key_labels()).map(|(p, _)| p.to_string()).collect();
        let part = prop_oneof![
            4 => prop::sample::select(listed),
            2 => "[a-zA-Z0-9]{0,8}",
            1 => "[a-f0-9]{8}-[a-f0-9]{4}",
            1 => "[ _.:/#'-]{0,2}",
            1 => "(<|</|<\\\\/|>)",
            1 => "(É|é|ß|İ|ǅ|Σ|名前|患者|teléfono|\\PC)",
        ];
        let joiner = prop::sample::select(vec![" ", "_", "-", ".", "", "'", "/", ": "]);
        let case = prop::sample::select(vec![0u8, 1, 2]);
        prop::collection::vec((part, joiner, case), 0..4).prop_map(|parts| {
            parts.into_iter().map(|(p, j, case)| {
                let p = match case {
                    1 => p.to_uppercase(),
                    // camelCase: each word capitalised.
                    2 => p.split(' ').map(|w| w.chars().take(1).flat_map(char::to_uppercase).chain(w.chars().skip(1)).collect::<String>()).collect(),
                    _ => p,
                };
                format!("{p}{j}")
            }).collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
        #[test]
        fn lookup_is_the_reference(s in phrases()) {
            prop_assert_eq!(normalise(&s), normalise_reference(&s));
            prop_assert_eq!(lookup(&s), lookup_reference(&s));
        }

        /// Single ASCII words, lowercase (the path without a String) and
        /// not.
        #[test]
        fn lookup_of_one_word_is_the_reference(s in "(phone|mrn|memberid|dateofbirth|date|dob|zip4|address2|ssn|[a-z0-9]{1,5}|Phone|MRN|Id|[A-Z0-9]{1,2}){0,5}") {
            prop_assert_eq!(lookup(&s), lookup_reference(&s));
        }

        #[test]
        fn lookup_is_the_reference_on_any_text(s in "\\PC{0,24}") {
            prop_assert_eq!(normalise(&s), normalise_reference(&s));
            prop_assert_eq!(lookup(&s), lookup_reference(&s));
        }
    }

    /// A window is the text's bytes where it has them, zeros after its
    /// end, and never reads past it (empty rest, a rest shorter than three,
    /// a UTF-8 sequence cut at the window's end).
    #[test]
    fn head_window_is_the_bytes_then_zeros() {
        let mut pad = [7; HEAD_WINDOW];
        let text = "0123456789abcdefghijklmnopqrsé";
        let b = text.as_bytes();
        for i in 0..=b.len() {
            let w = *head_window(b, i, &mut pad);
            let have = (b.len() - i).min(HEAD_WINDOW);
            assert_eq!(&w[..have], &b[i..i + have], "at {i}");
            assert!(w[have..].iter().all(|&c| c == 0), "at {i}");
        }
        // "é" is the last two bytes: a window ending right before its
        // second byte ends inside it, and one a byte later holds it whole.
        let cut = b.len() - 1 - HEAD_WINDOW;
        assert_eq!(head_window(b, cut, &mut pad)[HEAD_WINDOW - 1], 0xC3);
        assert_eq!(head_window(b, cut + 1, &mut pad)[HEAD_WINDOW - 2..], [0xC3, 0xA9]);
        assert_eq!(head_window(b, b.len() - 1, &mut pad)[..2], [0xA9, 0]);
        assert_eq!(*head_window(b"", 0, &mut pad), [0; HEAD_WINDOW]);
    }

    /// Labels of one, two and three bytes and longer ones ending the text
    /// at every place in a chunk and around its window's end, after ASCII
    /// and after a multi-byte character.
    #[test]
    fn labels_at_the_end_of_the_text_are_found() {
        for label in ["dl", "ms", "pt", "ssn", "dob", "mrn", "zip", "date of birth", "d o b", "电话", "s", "x"] {
            for before in ["", " ", "é ", "名"] {
                for n in 0..40 {
                    let s = format!("{}{before}{label}", "a ".repeat(n / 2) + &"b".repeat(n % 2));
                    let got: Vec<_> = find_labels(&s).into_iter().map(|l| (l.start, l.end, l.kind)).collect();
                    assert_eq!(got, find_labels_reference(&s), "{s:?}");
                }
            }
        }
    }

    /// A label at every place around a step's end ([`STEP`]) and its
    /// window's ([`STEP_WINDOW`]), in texts that end there or run on: after
    /// ASCII and after a multi-byte character cut by the step's end, camel
    /// and split forms, and a label that runs from one step into the next
    /// (the starts it covers are skipped there).
    #[test]
    fn labels_across_a_step_are_found() {
        for label in ["dl", "ssn", "dateOfBirth", "date of birth", "電話"] {
            for before in [" ", "é", "a"] {
                for n in 58..70 {
                    for after in ["", ": é", "Name and some more words to go past the window"] {
                        let s = format!("{}{before}{label}{after}", "a ".repeat(n / 2) + &"b".repeat(n % 2));
                        let got: Vec<_> = find_labels(&s).into_iter().map(|l| (l.start, l.end, l.kind)).collect();
                        assert_eq!(got, find_labels_by_walks(&s), "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bits_from_is_the_mask_above() {
        assert_eq!(bits_from(0), u64::MAX);
        assert_eq!(bits_from(1), u64::MAX - 1);
        assert_eq!(bits_from(63), 1 << 63);
        assert_eq!(bits_from(64), 0);
        assert_eq!(bits_from(1000), 0);
    }

    /// [`step_kinds`] and [`word_starts`] over a step are the kinds and the
    /// starts of its bytes one by one, with the kinds of the byte before
    /// the step carried in.
    #[test]
    fn step_starts_are_the_bytewise_starts() {
        // The second text has ASCII steps (`step_kinds`' short path) and
        // steps with one byte from 0x80 at any of their places.
        let texts = ["abc DEF gHi éa名b x_y-Z9 0a aB\u{80}ÿ zz ".repeat(4), format!("{}é{}", "abc DEF gHi x_y-Z9 0a aBc zz 7Q@[`{".repeat(4), "mRn:1 ".repeat(30))];
        for b in texts.iter().map(|t| t.as_bytes()) {
        for i in 0..b.len() - STEP_WINDOW {
            let w: &[u8; STEP_WINDOW] = b[i..i + STEP_WINDOW].try_into().unwrap();
            let k = step_kinds(w);
            let is_word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
            for (word, lower) in [(0, 0), (1, 0), (1, 1)] {
                let got = word_starts(k, word, lower);
                let want = (0..STEP).filter(|&j| {
                    let c = b[i + j];
                    let (prev_word, prev_lower) = if j == 0 { (word == 1, lower == 1) } else { (is_word(b[i + j - 1]), b[i + j - 1].is_ascii_lowercase()) };
                    c >= 0xC0 || (c.is_ascii_alphabetic() && !prev_word) || (c.is_ascii_uppercase() && prev_lower)
                }).fold(0u64, |m, j| m | 1 << j);
                assert_eq!(got, want, "at {i}, carried {word} {lower}");
            }
            assert_eq!(k.word >> 63, u64::from(is_word(b[i + STEP - 1])));
            assert_eq!(k.lower >> 63, u64::from(b[i + STEP - 1].is_ascii_lowercase()));
        }
        }
    }

    #[test]
    fn every_label_phrase_passes_the_tail_filter() {
        // Each phrase as a key, joined and camelCased: found as before.
        for (p, _) in labels().chain(key_labels()) {
            let camel: String = p.split(' ').enumerate().map(|(i, w)| w.chars().take(1).flat_map(|c| if i == 0 { c.to_lowercase().collect::<Vec<_>>() } else { c.to_uppercase().collect() }).chain(w.chars().skip(1)).collect::<String>()).collect();
            for k in [p.to_string(), p.replace(' ', ""), p.replace(' ', "_"), camel, format!("patient {p}"), format!("x{p}")] {
                assert_eq!(lookup(&k), lookup_reference(&k), "{k:?}");
            }
            assert!(lookup(p).is_some(), "{p:?}");
        }
        assert_eq!(lookup("a55c844b-ab4f-4b3a-8f7b-e7d0ef00420c"), None);
        assert_eq!(lookup(""), None);
    }

    /// [`Walker::first_kind`] is what the search of a node's ends finds
    /// with no separator read, at every node where a phrase ends.
    #[test]
    fn first_kind_is_the_search_with_no_separator() {
        let t = index().trie.walker();
        // The walk's search, given the separators read.
        let search = |node: usize, seps: u64| t.ends_at(node).iter().find(|&&(m, _)| seps & !m == 0).map(|&(_, kind)| kind);
        let mut ending = 0;
        for node in 0..t.dense.len() {
            if let Some(want) = search(node, 0) {
                assert_eq!(t.first_kind(node), want, "node {node}");
                ending += 1;
            }
        }
        assert!(ending > 600, "{ending}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        /// From every place of a text, a head and [`Walker::after_head`]
        /// reading the bytes after it from the place's window (the text's
        /// own bytes, or zeros past its end) then the walk find what the
        /// walk from the place itself finds: near the end of the text
        /// (short texts, padded windows) and away from it (a text's slice).
        #[test]
        fn after_head_from_the_window_is_the_walk(s in "((</|<)?(DOB|dob|Patient|patientName|SSN|mrn|claim|class|span|date of birth|dateOfBirth|phone|Name|req|é|名前|[a-zA-Z0-9]{1,6})[ :_.=/\\\\'\\-]{0,2}){0,8}", pad in "[ a-z:=]{0,24}") {
            let t = index().trie.walker();
            for text in [s.clone(), format!("{s}{pad}")] {
                let b = text.as_bytes();
                for p in 0..b.len() {
                    let want = t.longest_at(b, p);
                    let mut padded = [0; HEAD_WINDOW];
                    let w = head_window(b, p, &mut padded);
                    let got = match t.head(w, 0) {
                        0 => None,
                        HEAD_WALK => want,
                        h => t.after_head(b, w, 0, p, h).and_then(|(i, node, len, best)| t.walk(b, i, node, len, best)),
                    };
                    prop_assert_eq!(got, want, "{:?} at {}", text, p);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn find_labels_is_the_boundary_rule(s in "((</|<\\\\/|<)?(DOB|dob|Patient|patientName|SSN|mrn|date of birth|dateOfBirth|phone|Name|é|名前|[a-zA-Z0-9]{1,6})[ :_.=/\\-]{0,2}){0,12}") {
            let got: Vec<_> = find_labels(&s).into_iter().map(|l| (l.start, l.end, l.kind)).collect();
            prop_assert_eq!(got, find_labels_reference(&s));
        }

        #[test]
        fn find_labels_is_the_reference_on_phrases(s in phrases()) {
            let got: Vec<_> = find_labels(&s).into_iter().map(|l| (l.start, l.end, l.kind)).collect();
            prop_assert_eq!(got, find_labels_reference(&s));
        }

        /// Separators and apostrophes where a phrase has none ("dat_e of birth").
        #[test]
        fn find_labels_is_the_reference_on_split_phrases(
            p in prop::sample::select(labels().map(|(p, _)| p.to_string()).filter(|p| p.is_ascii()).collect::<Vec<_>>()),
            at in any::<prop::sample::Index>(),
            sep in prop::sample::select(vec![" ", "_", ".", "-", "/", "\\/", "'", "__", " x", "</", "<\\/"]),
            after in "[ :a-zA-Z]{0,3}",
        ) {
            let k = at.index(p.len() + 1);
            let s = format!("{}{sep}{}{after}", &p[..k], &p[k..]);
            let got: Vec<_> = find_labels(&s).into_iter().map(|l| (l.start, l.end, l.kind)).collect();
            prop_assert_eq!(got, find_labels_reference(&s));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
        /// Texts of a few steps ([`STEP`]): label phrases, noise and
        /// multi-byte characters across the steps' ends and the tail.
        #[test]
        fn find_labels_is_the_reference_on_long_texts(parts in prop::collection::vec(phrases(), 4..10)) {
            let s = parts.concat();
            let got: Vec<_> = find_labels(&s).into_iter().map(|l| (l.start, l.end, l.kind)).collect();
            prop_assert_eq!(got, find_labels_by_walks(&s));
        }
    }

    /// The dense rows hold the children the edges hold, and a walk on
    /// from a head finds what the walk from the start finds, whatever
    /// follows the three bytes (a letter or digit, then two letters, digits
    /// or other bytes, in both cases): nothing where the head is 0.
    #[test]
    fn dense_rows_and_the_heads_are_the_edges() {
        let t = index().trie.walker();
        let alnum: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').collect();
        for (node, row) in t.dense.iter().enumerate() {
            for (class, &c) in alnum.iter().enumerate() {
                assert_eq!(u32::from(row[class]), t.child(node, c).unwrap_or(0), "node {node} byte {c}");
            }
        }
        // The second and third bytes may also be separators, an apostrophe,
        // other punctuation or a byte from 0x80.
        let any: Vec<u8> = alnum.iter().copied().chain(*b" -_./'\\:\xc3\xe6").collect();
        let (mut skipped, mut walked) = (0, 0);
        for &x in &alnum {
            for &y in &any {
                for &z in &any {
                    let head = t.head(head_window(&[x, y, z], 0, &mut [0; HEAD_WINDOW]), 0);
                    if y.is_ascii_alphanumeric() && z.is_ascii_alphanumeric() {
                        skipped += usize::from(head == 0);
                        walked += usize::from(head == HEAD_WALK);
                    }
                    for tail in ["", " ", "-", ":", "'", "x", "N", "Name", " name", "_of_birth", "é", " of birth", "ointment", "ointments", "_id", "Id"] {
                        for head in [[x, y, z], [x, y, z].map(|c| c.to_ascii_uppercase()), [x.to_ascii_uppercase(), y, z], [x, y.to_ascii_uppercase(), z], [x, y, z.to_ascii_uppercase()]] {
                            let s = [&head[..], tail.as_bytes()].concat();
                            let want = t.longest_at(&s, 0);
                            let got = match t.head(head_window(&s, 0, &mut [0; HEAD_WINDOW]), 0) {
                                0 => None,
                                HEAD_WALK => want,
                                h => t.after_head(&s, head_window(&s, 0, &mut [0; HEAD_WINDOW]), 0, 0, h).and_then(|(i, node, len, best)| t.walk(&s, i, node, len, best)),
                            };
                            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&s));
                        }
                    }
                }
            }
        }
        // Most three-byte heads begin no phrase, and few hold one.
        assert!(skipped > 36 * 36 * 30, "{skipped}");
        assert!(walked < 36 * 36 * 2, "{walked}");
    }

    /// Where [`Walker::stops_at`] says a walk stops, the walk finds
    /// nothing, from every node after a word byte, whatever the next two
    /// bytes (separators before a child and not, an apostrophe, a byte
    /// from 0x80 cut at the end, the end itself); and it does stop often.
    #[test]
    fn stops_at_is_where_the_walk_finds_nothing() {
        let t = index().trie.walker();
        let any: Vec<&[u8]> = vec![b"", b" ", b"_", b".", b"-", b"/", b"\\", b"'", b":", b"=", b">", b"a", b"d", b"N", b"0", b"\xc3", b"\xe6"];
        let (mut stopped, mut tried) = (0, 0);
        for node in 0..t.dense.len() {
            for x in &any {
                for y in &any {
                    let s = [b"x", *x, *y].concat();
                    tried += 1;
                    if t.stops_at(&s, 1, node) {
                        stopped += 1;
                        assert_eq!(t.walk(&s, 1, node, 1, None), None, "node {node} {:?}", String::from_utf8_lossy(&s));
                    }
                }
            }
            // A separator then a child of the node goes on.
            if let Some(c) = (b'a'..=b'z').find(|&c| t.dense[node][usize::from(c - b'a')] != 0) {
                assert!(!t.stops_at(&[b'x', b'_', c], 1, node) && !t.stops_at(&[b'x', c], 1, node), "node {node}");
            }
        }
        assert!(t.stops_at(b"x", 1, 0) && t.stops_at(b"x=", 1, 0) && t.stops_at(b"x\\", 1, 0));
        assert!(!t.stops_at(b"x'", 1, 0) && !t.stops_at("xé".as_bytes(), 1, 0));
        assert!(stopped > tried / 2, "{stopped} of {tried}");
    }

    /// [`Trie::new`] as it was before its sibling search began at the
    /// last child and its rows were written in place: the oracle the
    /// builder is held to, field by field.
    fn trie_before(phrases: impl Iterator<Item = (&'static str, LabelKind)>) -> Trie {
        // Built first as lists in flat vectors, with no vector per node:
        // per node its byte, first and last child and next sibling (0:
        // none; the root is no one's child), children in the order their
        // phrases come; and per phrase its node, space mask and kind.
        let (mut byte, mut first, mut last, mut next) = (vec![0u8], vec![0u32], vec![0u32], vec![0u32]);
        let mut ending: Vec<(u32, u64, LabelKind)> = Vec::with_capacity(phrases.size_hint().0);
        for (p, kind) in phrases {
            let (mut node, mut len, mut spaces) = (0usize, 0usize, 0u64);
            for &c in p.as_bytes() {
                match c {
                    b' ' => spaces |= 1 << len,
                    b'\'' => {}
                    _ => {
                        assert!(TRIE_BYTE[usize::from(c)] == c, "a label phrase holds only lowercase word bytes, spaces and apostrophes");
                        let mut k = first[node] as usize;
                        while k != 0 && byte[k] != c {
                            k = next[k] as usize;
                        }
                        if k == 0 {
                            k = byte.len();
                            byte.push(c);
                            first.push(0);
                            last.push(0);
                            next.push(0);
                            match last[node] as usize {
                                0 => first[node] = k as u32,
                                l => next[l] = k as u32,
                            }
                            last[node] = k as u32;
                        }
                        node = k;
                        len += 1;
                    }
                }
            }
            // The space masks, and a walk's mask of the separators it read,
            // have a bit per count of word bytes before one: a walk reads
            // no more word bytes than some phrase has, so `Walker::walk`
            // needs no test of its count.
            assert!(len < 64, "a label phrase has fewer than 64 word bytes");
            ending.push((node as u32, spaces, kind));
        }
        // Breadth first: `order[k]` is the node numbered k, `depth[k]` its
        // depth, `id` the number of each node.
        let (mut order, mut depth) = (Vec::with_capacity(byte.len()), Vec::with_capacity(byte.len()));
        order.push(0usize);
        depth.push(0usize);
        let mut k = 0;
        while k < order.len() {
            let mut c = first[order[k]] as usize;
            while c != 0 {
                order.push(c);
                depth.push(depth[k] + 1);
                c = next[c] as usize;
            }
            k += 1;
        }
        // A node's number fits below `ENDS_PHRASE`, in a dense row's u16.
        assert!(order.len() <= ENDS_PHRASE as usize, "fewer than 32,768 trie nodes");
        let mut id = vec![0u32; order.len()];
        for (k, &n) in order.iter().enumerate() {
            id[n] = k as u32;
        }
        // The phrases ending at each node, node by node in number order
        // and in `LABELS` order within one (a counting sort).
        let mut first_end = vec![0u32; order.len() + 1];
        for &(n, _, _) in &ending {
            first_end[id[n as usize] as usize + 1] += 1;
        }
        for k in 1..first_end.len() {
            first_end[k] += first_end[k - 1];
        }
        let mut ends = vec![(0u64, Ignore); ending.len()];
        let mut at = first_end.clone();
        for &(n, spaces, kind) in &ending {
            let k = &mut at[id[n as usize] as usize];
            ends[*k as usize] = (spaces, kind);
            *k += 1;
        }
        let tagged = |n: usize| id[n] | if first_end[id[n] as usize] < first_end[id[n] as usize + 1] { ENDS_PHRASE } else { 0 };
        let mut t = Trie {
            root: [0; 256],
            first_edge: Vec::with_capacity(order.len() + 1),
            edge_bytes: Vec::with_capacity(order.len()),
            edge_nodes: Vec::with_capacity(order.len()),
            dense: Vec::with_capacity(order.len()),
            first_end: Vec::new(),
            ends,
            heads: Vec::new(),
        };
        for &n in &order {
            t.first_edge.push(t.edge_bytes.len() as u32);
            let mut row = [0; DENSE_CLASSES];
            let mut c = first[n] as usize;
            while c != 0 {
                t.edge_bytes.push(byte[c]);
                t.edge_nodes.push(tagged(c));
                let class = usize::from(WORD_CLASS[usize::from(byte[c])]);
                if class < DENSE_CLASSES {
                    row[class] = tagged(c) as u16;
                }
                c = next[c] as usize;
            }
            t.dense.push(row);
        }
        t.first_edge.push(t.edge_bytes.len() as u32);
        t.first_end = first_end;
        for e in t.first_edge[0] as usize..t.first_edge[1] as usize {
            t.root[usize::from(t.edge_bytes[e])] = t.edge_nodes[e];
        }
        // Up to three steps from the root through the dense rows. The nodes
        // of depths 1 to 3 come first, so their ids fit below `HEAD_DEPTH`
        // (and are not `HEAD_WALK`'s).
        let shallow = depth.iter().take_while(|&&d| d <= 3).count();
        assert!(shallow < usize::from(!HEAD_DEPTH & !HEAD_ENDS), "a node of depth 3 fits a head");
        let at = |n: u32, depth: u16| (n & !ENDS_PHRASE) as u16 | depth << HEAD_DEPTH_SHIFT | if n & ENDS_PHRASE != 0 { HEAD_ENDS } else { 0 };
        t.heads = vec![0; HEADS_LEN];
        let row = |n: u32| (n & !ENDS_PHRASE) as usize;
        let other = DENSE_CLASSES;
        // Where no phrase begins with the first one or two bytes (most
        // pairs), every head stays 0: their rows are skipped, not filled
        // (a guard's first scan builds this table). So does a head whose
        // first letter begins no phrase, whatever follows it.
        for x in 0..HEAD_CLASSES {
            let n1 = if x == other { 0 } else { u32::from(t.dense[0][x]) };
            if n1 == 0 && x != other {
                continue;
            }
            for y in 0..HEAD_CLASSES {
                let k = (x * HEAD_CLASSES + y) * HEAD_CLASSES;
                // A first byte from 0x80 is walked from the start; a letter
                // then a separator, an apostrophe or a byte from 0x80 from
                // the letter's node ("d o b", "e-mail").
                if x == other || y == other {
                    let head = if x == other || n1 & ENDS_PHRASE != 0 { HEAD_WALK } else { at(n1, 1) };
                    t.heads[k..k + HEAD_CLASSES].fill(head);
                    continue;
                }
                let n2 = u32::from(t.dense[row(n1)][y]);
                if n2 == 0 && n1 & ENDS_PHRASE == 0 {
                    continue;
                }
                for z in 0..HEAD_CLASSES {
                    let n3 = if n2 == 0 || z == other { 0 } else { u32::from(t.dense[row(n2)][z]) };
                    t.heads[k + z] = if n1 & ENDS_PHRASE != 0 || n2 & ENDS_PHRASE != 0 {
                        HEAD_WALK
                    } else if z == other {
                        // Two letters then a separator ("id=", "in 3 days"):
                        // on from the second letter's node.
                        at(n2, 2)
                    } else if n3 == 0 {
                        0
                    } else {
                        at(n3, 3)
                    };
                }
            }
        }
        t
    }

    /// The key tables as [`index`] built them before it joined phrases
    /// byte by byte (a `split` on space and apostrophe).
    fn tables_before() -> (StaticMap<&'static str, LabelKind>, StaticMap<&'static str, LabelKind>) {
        let phrases = || labels().chain(key_labels());
        let mut all = String::with_capacity(2 * phrases().map(|(p, _)| p.len()).sum::<usize>());
        let mut spans = Vec::with_capacity(phrases().count());
        for (p, _) in phrases() {
            let from = all.len();
            for part in p.split([' ', '\'']) {
                all.push_str(part);
            }
            let joined = from..all.len();
            let bare = p.contains('\'').then(|| {
                let from = all.len();
                all.push_str(&p.replace('\'', ""));
                from..all.len()
            });
            spans.push((joined, bare));
        }
        let all: &'static str = Box::leak(all.into_boxed_str());
        let mut table = StaticMap::with_capacity_and_hasher(spans.len(), Default::default());
        let mut joined = StaticMap::with_capacity_and_hasher(spans.len(), Default::default());
        for ((p, k), (j, bare)) in phrases().zip(spans) {
            table.insert(bare.map_or(p, |b| &all[b]), k);
            joined.entry(&all[j]).or_insert(k);
        }
        (table, joined)
    }

    /// Every field of two tries, in order (a mismatch names the field).
    fn assert_same_trie(got: &Trie, want: &Trie) {
        assert_eq!(got.root, want.root, "root");
        assert_eq!(got.first_edge, want.first_edge, "first_edge");
        assert_eq!(got.edge_bytes, want.edge_bytes, "edge_bytes");
        assert_eq!(got.edge_nodes, want.edge_nodes, "edge_nodes");
        assert_eq!(got.dense, want.dense, "dense");
        assert_eq!(got.first_end, want.first_end, "first_end");
        assert_eq!(got.ends, want.ends, "ends");
        assert_eq!(got.heads, want.heads, "heads");
    }

    #[test]
    fn index_is_built_as_before() {
        let idx = index();
        assert_same_trie(&idx.trie, &trie_before(labels()));
        let (table, joined) = tables_before();
        assert_eq!(idx.table, table);
        assert_eq!(idx.joined, joined);
    }

    /// Phrases from a few short words over a small alphabet (so they share
    /// starts and whole words, as the label list does), with spaces,
    /// apostrophes and bytes from 0x80 among them, in any order.
    fn phrase() -> impl Strategy<Value = &'static str> {
        let word = proptest::collection::vec(prop_oneof![4 => "[a-e]", 1 => "[x-z0-9]", 1 => Just("é".to_string()), 1 => Just("'".to_string())], 1..6).prop_map(|cs| cs.concat());
        proptest::collection::vec(word, 1..4).prop_map(|ws| &*Box::leak(ws.join(" ").into_boxed_str()))
    }

    proptest! {
        #[test]
        fn trie_is_built_as_before(phrases in proptest::collection::vec((phrase(), prop_oneof![Just(Phi(T::Name)), Just(Phi(T::Date)), Just(Ignore), Just(Provider)]), 0..80)) {
            assert_same_trie(&Trie::new(phrases.iter().copied()), &trie_before(phrases.iter().copied()));
        }
    }

    /// [`Walker::child`], with its one-edge shortcut, is the search of the
    /// node's edges, for every node and byte.
    #[test]
    fn child_is_the_edge_search() {
        let t = index().trie.walker();
        for node in 0..t.first_edge.len() - 1 {
            let (from, to) = (t.first_edge[node] as usize, t.first_edge[node + 1] as usize);
            for c in 0..=255u8 {
                let want = (from..to).find(|&e| t.edge_bytes[e] == c).map(|e| t.edge_nodes[e]);
                assert_eq!(t.child(node, c), want, "node {node} byte {c}");
            }
        }
    }

    /// A run's commas separate phrases: none is empty (a doubled or a
    /// trailing comma) or begins or ends with a space.
    #[test]
    fn label_runs_split_into_phrases() {
        for (p, _) in labels().chain(key_labels()) {
            assert!(!p.is_empty() && p.trim() == p, "{p:?}");
        }
    }

    /// The trie takes each phrase's kind from `LABELS` itself: a phrase
    /// listed twice must say the same both times, or the trie and the key
    /// table (where the last one wins) would disagree.
    #[test]
    fn one_kind_per_phrase() {
        for (p, k) in labels().chain(key_labels()) {
            assert_eq!(index().table[p.replace('\'', "").as_str()], k, "{p:?}");
        }
    }

    /// [`lookup_normalised`] asks `joined` alone about one word.
    /// Vendor, warehouse and German export headers, as keys; `plz` only
    /// as one ("plz call me" in prose).
    #[test]
    fn export_headers_are_keys() {
        let key = |k: &str| lookup_key(&normalise(k));
        for (k, want) in [("PatLName", T::Name), ("pt_first", T::Name), ("DOB (MM/DD/YYYY)", T::Date), ("birth_dt (yyyymmdd)", T::Date), ("MBR_ID", T::HealthPlanId), ("zip5", T::ZipCode), ("svc_dt", T::Date), ("Guarantor DOB", T::Date), ("Account #", T::AccountNumber), ("Nachname", T::Name), ("Vorname", T::Name), ("Geburtsdatum", T::Date), ("PLZ", T::ZipCode), ("Telefon", T::Phone)] {
            assert_eq!(key(k), Some(Phi(want)), "{k}");
        }
        assert_eq!(key("mm dd"), None);
        fn labels(t: &str) -> Vec<(&str, LabelKind)> {
            find_labels(t).iter().map(|l| (&t[l.start..l.end], l.kind)).collect()
        }
        assert_eq!(labels("Vorname: Zoltan, Telefon: 773-555-0160"), [("Vorname", Phi(T::Name)), ("Telefon", Phi(T::Phone))]);
        assert_eq!(labels("plz call me"), [("call", Phi(T::Phone))]);
    }

    #[test]
    fn one_word_says_the_same_in_both_tables() {
        let idx = index();
        for (p, k) in idx.table.iter().filter(|(p, _)| !p.contains(' ')) {
            assert_eq!(idx.joined.get(p), Some(k), "{p:?}");
        }
    }

    #[test]
    fn keys_normalise_and_resolve() {
        assert_eq!(normalise("birthDate"), "birth date");
        assert_eq!(normalise("patient_name"), "patient name");
        assert_eq!(normalise("X-Forwarded-For"), "x forwarded for");
        assert_eq!(lookup("birthDate"), Some(Phi(T::Date)));
        assert_eq!(lookup("memberId"), Some(Phi(T::HealthPlanId)));
        // A pharmacy claim's cardholder id is the member id; a cardholder
        // alone is a name.
        assert_eq!(lookup("cardholderId"), Some(Phi(T::HealthPlanId)));
        assert_eq!(lookup("cardholder"), Some(Phi(T::Name)));
        assert_eq!(lookup("dateofbirth"), Some(Phi(T::Date)));
        assert_eq!(lookup("patientHomePhone"), Some(Phi(T::Phone)));
        assert_eq!(lookup("ssn"), Some(Phi(T::Ssn)));
        assert_eq!(lookup("color"), None);
    }

    #[test]
    fn boundary_is_the_byte_rule() {
        let rule = |a: u8, b: u8| {
            let word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
            !word(a) || !word(b) || (a.is_ascii_lowercase() && b.is_ascii_uppercase())
        };
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                assert_eq!(boundary(&[a, b], 1), rule(a, b), "{a:#x} {b:#x}");
            }
            assert_eq!(is_word_byte(a), a.is_ascii_alphanumeric() || a >= 0x80);
        }
        // The ends of the text, an empty one, and past its end.
        assert!(boundary(b"", 0) && boundary(b"", 1));
        assert!(boundary(b"ab", 0) && boundary(b"ab", 2) && boundary(b"ab", 3));
        assert!(!boundary(b"ab", 1) && boundary(b"aB", 1) && !boundary(b"Ab", 1) && !boundary(b"a1", 1));
        // Inside a multi-byte character ("é" is C3 A9) and right after it.
        assert!(!boundary("éa".as_bytes(), 1) && !boundary("éa".as_bytes(), 2) && boundary("é a".as_bytes(), 2));
    }

    #[test]
    fn closing_tags_are_no_labels() {
        let spans = |t: &str| find_labels(t).iter().map(|l| (l.start, l.end)).collect::<Vec<_>>();
        assert_eq!(spans("<address>1 Main St</address>Loading"), [(1, 8)]);
        assert_eq!(spans("<dl>x</dl> <\\/dl> y<\\/address>"), [(1, 3)]);
        // Only right after the `</`: a label after a space is one.
        assert_eq!(spans("</ dob"), [(3, 6)]);
        assert_eq!(spans("</dob/dob"), [(6, 9)]);
        assert!(names_closing_tag(b"</a", 2) && names_closing_tag(b"<\\/a", 3));
        assert!(!names_closing_tag(b"</a", 1) && !names_closing_tag(b"/a", 1) && !names_closing_tag(b"\\/a", 2) && !names_closing_tag(b"a", 0));
    }

    #[test]
    fn whole_words_only() {
        let hits = find_labels("public republic license");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].start, 16);
        assert!(find_labels("patientName=x").iter().any(|h| h.kind == Phi(T::Name)));
        assert!(find_labels("Date of Birth: x").iter().any(|h| h.end == 13));
    }
}
