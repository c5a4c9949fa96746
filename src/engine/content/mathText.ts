/**
 * Hovers cannot run KaTeX, so inline math in card text ($…$, $$…$$) is turned into Unicode that reads well:
 * `$\sigma(x) = \frac{1}{1+e^{-x}}$` → `σ(x) = 1/(1+e⁻ˣ)`. The card document keeps the LaTeX and renders it.
 */

const SYMBOLS: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ',
  upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ',
  Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', ell: 'ℓ',
  cdot: '·', times: '×', odot: '⊙', otimes: '⊗', oplus: '⊕', div: '÷', pm: '±', mp: '∓', ast: '∗',
  approx: '≈', sim: '∼', simeq: '≃', equiv: '≡', neq: '≠', ne: '≠', le: '≤', leq: '≤', ge: '≥', geq: '≥',
  ll: '≪', gg: '≫', propto: '∝', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔', mapsto: '↦',
  implies: '⟹', iff: '⟺', uparrow: '↑', downarrow: '↓',
  partial: '∂', nabla: '∇', infty: '∞', sum: 'Σ', prod: 'Π', int: '∫', forall: '∀', exists: '∃',
  lVert: '‖', rVert: '‖', Vert: '‖', lvert: '|', rvert: '|', vert: '|', mid: '|', lfloor: '⌊', rfloor: '⌋',
  lceil: '⌈', rceil: '⌉', langle: '⟨', rangle: '⟩', top: 'ᵀ', dots: '…', ldots: '…', cdots: '⋯', vdots: '⋮',
  circ: '∘', bullet: '•', star: '⋆', dagger: '†', prime: '′', emptyset: '∅', mathbb: '', R: 'ℝ',
  quad: '  ', qquad: '    ', max: 'max', min: 'min', log: 'log', ln: 'ln', exp: 'exp', tanh: 'tanh',
  sin: 'sin', cos: 'cos', arg: 'arg', argmax: 'argmax', argmin: 'argmin', softmax: 'softmax', det: 'det',
  lim: 'lim', sup: 'sup', inf: 'inf', Pr: 'Pr', E: 'E',
};

/** Commands that only change style or size: their argument (if any) is kept as is. */
const STYLE = new Set(['mathrm', 'text', 'textbf', 'textit', 'mathbf', 'mathit', 'mathcal', 'mathsf', 'mathtt', 'operatorname', 'boldsymbol', 'bm', 'mbox', 'displaystyle', 'textstyle']);
const SIZING = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'middle', 'limits', 'nolimits']);
const ACCENTS: Readonly<Record<string, string>> = { hat: '\u0302', bar: '\u0304', tilde: '\u0303', vec: '\u20d7', dot: '\u0307', overline: '\u0305' };

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻',
  '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', x: 'ˣ', T: 'ᵀ', t: 'ᵗ', k: 'ᵏ', l: 'ˡ', d: 'ᵈ', e: 'ᵉ', j: 'ʲ', m: 'ᵐ', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ',
  '′': '′', 'ᵀ': 'ᵀ', '*': '*',
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '−': '₋',
  '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ',
  s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};

class Reader {
  pos = 0;
  constructor(readonly src: string) {}
  get done(): boolean {
    return this.pos >= this.src.length;
  }
  peek(): string {
    return this.src[this.pos];
  }
}

/** Converts one LaTeX math expression to Unicode text. */
export function latexToUnicode(latex: string): string {
  const r = new Reader(latex.replace(/\\begin\{[a-z*]+\}|\\end\{[a-z*]+\}/g, '').replace(/&/g, ' '));
  return sequence(r, '').replace(/[ \t]{2,}/g, (m) => (m.length >= 4 ? '    ' : ' ')).replace(/\s*;\s*$/, '').trim();
}

function sequence(r: Reader, until: string): string {
  let out = '';
  while (!r.done && r.peek() !== until) out += atom(r);
  if (!r.done && r.peek() === until) r.pos++;
  return out;
}

/** The next argument: a {group} or one token. */
function argument(r: Reader): string {
  while (!r.done && r.peek() === ' ') r.pos++;
  if (r.peek() === '{') {
    r.pos++;
    return sequence(r, '}');
  }
  return atom(r);
}

function script(text: string, table: Readonly<Record<string, string>>, marker: string): string {
  const chars = [...text];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${marker}${text}` : `${marker}(${text})`;
}

function atom(r: Reader): string {
  const c = r.src[r.pos++];
  switch (c) {
    case '{':
      return sequence(r, '}');
    case '^':
      return script(argument(r), SUPERSCRIPT, '^');
    case '_':
      return script(argument(r), SUBSCRIPT, '_');
    case '~':
      return ' ';
    case '\\':
      return command(r);
    default:
      return c === '-' ? '−' : c;
  }
}

function command(r: Reader): string {
  const m = /^([A-Za-z]+|.)/.exec(r.src.slice(r.pos));
  if (!m) return '';
  const name = m[1];
  r.pos += name.length;
  if (name === '\\') return '; ';
  if (name === ',' || name === ';' || name === ':' || name === ' ') return ' ';
  if (name === '!') return '';
  if (name === '{' || name === '}' || name === '|' || name === '%' || name === '_' || name === '#' || name === '&') return name === '|' ? '‖' : name;
  if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
    const top = argument(r);
    const bottom = argument(r);
    const wrap = (s: string) => (/^[\p{L}\p{N}.′ᵀ]+$/u.test(s) ? s : `(${s})`);
    return `${wrap(top)}/${wrap(bottom)}`;
  }
  if (name === 'sqrt') {
    const inner = argument(r);
    return /^[\p{L}\p{N}]+$/u.test(inner) ? `√${inner}` : `√(${inner})`;
  }
  if (ACCENTS[name] !== undefined) {
    const inner = argument(r);
    return [...inner].length === 1 ? inner + ACCENTS[name] : inner;
  }
  if (STYLE.has(name)) return r.peek() === '{' || /\s/.test(r.peek() ?? '') ? argument(r) : '';
  if (SIZING.has(name)) return '';
  if (name === 'mathbb') {
    const inner = argument(r);
    return ({ R: 'ℝ', N: 'ℕ', Z: 'ℤ', E: '𝔼', Q: 'ℚ' } as Record<string, string>)[inner] ?? inner;
  }
  return SYMBOLS[name] ?? name;
}

/** Replaces $$…$$ and $…$ in Markdown prose with Unicode, leaving code spans and fences untouched. */
export function proseMath(markdown: string, escape: (text: string) => string = (t) => t): string {
  return markdown
    .split(/(```[\s\S]*?```|`[^`\n]*`)/g)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => escape(latexToUnicode(tex)))
            .replace(/(^|[^\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)/g, (_, before: string, tex: string) => before + escape(latexToUnicode(tex))),
    )
    .join('');
}
