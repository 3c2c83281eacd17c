// Services for children (or for adults worried about a child), by id and by the names answers use:
// what an adult, or a parent asking about someone 18 or over, must never be sent to. Kids Helpline
// in Australia is for ages 5 to 25, so only a test about adults of any age adds it.
export const FOR_CHILDREN = ['childline', 'ceop', 'report-remove', 'nspcc-helpline', 'childline-ie', 'accce-au', 'kids-help-phone', 'posh'];
export const CHILD_SERVICE_WORDS = /\b(?:Childline|CEOP|Report Remove|NSPCC|Kids Help(?:line| Phone)|ACCCE|POSH)\b/;
