/**
 * Inline TeX in digests (`降低$90%$`, `$\sim$10 倍`, `$O(n^2)$`, `na\"ive`) as text a reader can
 * read: no `$` delimiters, the common commands as Unicode, simple super- and subscripts as
 * Unicode digits. Pure and linear; nothing here ever becomes markup. Applied at parse time,
 * before key numbers are found, so that their offsets point into the text the reader sees.
 */

const COMMANDS: Record<string, string> = {
  sim: '∼', approx: '≈', simeq: '≃', times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', ll: '≪', gg: '≫', propto: '∝', equiv: '≡',
  infty: '∞', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', sqrt: '√',
  rightarrow: '→', to: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔', mapsto: '↦',
  uparrow: '↑', downarrow: '↓', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩',
  forall: '∀', exists: '∃', neg: '¬', wedge: '∧', vee: '∨', oplus: '⊕', otimes: '⊗', circ: '∘',
  ldots: '…', cdots: '⋯', dots: '…', degree: '°', prime: '′',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  '%': '%', '$': '$', '&': '&', '#': '#', _: '_', '{': '{', '}': '}', ',': ' ', ';': ' ', ':': ' ', '!': '', ' ': ' ', quad: ' ', qquad: ' ',
  left: '', right: '', big: '', Big: '', bigl: '', bigr: '', displaystyle: '', textstyle: '', mathrm: '', mathbf: '',
  mathit: '', mathcal: '', mathbb: '', text: '', textrm: '', textbf: '', textit: '', emph: '', operatorname: '', boldsymbol: '',
};

const SUP: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '*': '*', '′': '′' };
const SUB: Record<string, string> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', t: 'ₜ', x: 'ₓ' };

/** Accents outside math: `na\"ive` → `naïve`-ish text; we keep the plain letter, as readers type it. */
const ACCENT = /\\["'`^~=.](?:\{(\w)\}|(\w))/g;

/** `^2`, `^{10}`, `_i`: Unicode when every character has a form, else `^(…)` / `_(…)`. */
function script(body: string, table: Record<string, string>, mark: string): string {
  const chars = [...body];
  if (chars.length && chars.every((c) => c in table)) return chars.map((c) => table[c]).join('');
  return body.length === 1 ? `${mark}${body}` : `${mark}(${body})`;
}

/** One math span's content to text. Linear: one pass over commands, one over scripts. */
function mathToText(math: string): string {
  let out = math
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '$1/$2')
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, '√($1)')
    .replace(/\\([A-Za-z]+|[%$&#_{},;:! ])(\s?)/g, (_, name: string, space: string) => {
      // A command's own space ends its name; after a symbol it was the writer's space.
      const sym = name in COMMANDS ? COMMANDS[name] : name;
      return sym && /[A-Za-z]$/.test(name) && !(name in COMMANDS) ? sym + space : sym + (sym.trim() ? space : '');
    });
  out = out
    .replace(/\^\s*\{([^{}]*)\}|\^\s*(\S)/g, (_, a: string | undefined, b: string | undefined) => script(a ?? b ?? '', SUP, '^'))
    .replace(/_\s*\{([^{}]*)\}|_\s*(\S)/g, (_, a: string | undefined, b: string | undefined) => script(a ?? b ?? '', SUB, '_'));
  return out.replace(/[{}]/g, '').replace(/\s{2,}/g, ' ').trim();
}

/** Looks like math, not two prices: no CJK inside, short, one line. */
const MATH_SPAN = /\$\$([^$\n]{1,300}?)\$\$|\$([^$\n\u3400-\u9fff\uff00-\uffef]{1,200}?)\$/g;

export function texToText(text: string): string {
  if (!text.includes('\\') && !text.includes('$')) return text;
  return text
    .replace(MATH_SPAN, (m, display: string | undefined, inline: string | undefined) => {
      const body = display ?? inline ?? '';
      // `$5 and $` is not math: a math span does not start or end with a space next to a `$`.
      if (inline !== undefined && (/^\s|\s$/.test(body) && !/\\/.test(body))) return m;
      return mathToText(body);
    })
    .replace(ACCENT, (_, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(/\\(emph|textbf|textit|texttt|textrm|mathrm|mathbf)\{([^{}]*)\}/g, '$2')
    .replace(/\\([%$&#_])/g, '$1')
    .replace(/\\(sim|approx|times|leq|geq|pm|alpha|beta|gamma|delta|lambda|mu|sigma)(?![A-Za-z])/g, (_, name: string) => COMMANDS[name]);
}
