import { expect } from 'chai';
import { detectLanguage } from '../../../src/domain/language-detection.js';
import { PACKS } from '../../support/language-packs.js';

const detect = (text: string, remembered?: string) => detectLanguage(text, PACKS.values(), remembered);

describe("reading a patient's language from their text", () => {
  it('reads Spanish and English from their common words, accents or not', () => {
    expect(detect('Hola, ¿tiene una cita mañana por la tarde?')).to.equal('es');
    expect(detect('quisiera una cita para manana')).to.equal('es');
    expect(detect('Hi, can I book an appointment tomorrow morning?')).to.equal('en');
  });

  it('takes one word as enough when nothing is remembered', () => {
    expect(detect('Hola')).to.equal('es');
    expect(detect('hello')).to.equal('en');
  });

  it('keeps the remembered language for a short or ambiguous message', () => {
    expect(detect('ok', 'es')).to.equal('es');
    expect(detect('10:30', 'es')).to.equal('es');
    expect(detect('yes', 'es')).to.equal('es');
    expect(detect('Maria Lopez', 'en')).to.equal('en');
    expect(detect('ok')).to.equal(undefined);
  });

  it('changes the remembered language when the patient plainly writes another', () => {
    expect(detect('Can I move my appointment to Friday?', 'es')).to.equal('en');
    expect(detect('Necesito cambiar mi cita', 'en')).to.equal('es');
  });
});
