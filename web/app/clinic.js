// clinic.js: the organization's numbers for the patient app's call buttons:
// the emergency number the emergency screen dials (a tap-to-call link) and
// the crisis line shown with the coping rule. Read once after signing in
// and kept on the phone, so that an emergency screen drawn offline still
// dials the clinic's number. Until it is known: 112, which reaches the
// emergency services across Europe and from most mobile phones elsewhere.
import { get, api } from './api.js';

const KEY = 'mrx.clinic';
const DEFAULT_NUMBER = '112';

function kept() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || {};
  } catch {
    return {};
  }
}

let clinic = kept();
let pending = Promise.resolve(clinic);

export function loadClinic() {
  pending = (async () => {
    try {
      const org = await get('/org');
      clinic = { emergency_number: org.emergency_number, crisis_line: org.crisis_line };
      localStorage.setItem(KEY, JSON.stringify(clinic));
    } catch {
      // offline or signed out: what the phone kept stands
    }
    return clinic;
  })();
  return pending;
}

// Settles once the numbers being read now are known (at once when none are).
export const clinicReady = () => pending;

export const emergencyNumber = () => clinic.emergency_number || DEFAULT_NUMBER;
export const crisisLine = () => clinic.crisis_line || null;

// "tel:+44800123456": the digits and a leading + only.
export const telHref = (number) => `tel:${number.replace(/[^0-9+]/g, '')}`;

// An admin changes the settings; the phone keeps the new numbers.
export async function saveClinic(body) {
  const org = await api('PATCH', '/org', body);
  clinic = { emergency_number: org.emergency_number, crisis_line: org.crisis_line };
  localStorage.setItem(KEY, JSON.stringify(clinic));
  return org;
}
