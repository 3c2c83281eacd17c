// A sparse linear model over text features: multinomial logistic regression (or, for the
// comparison, a multi-class linear SVM), trained by stochastic gradient descent with a fixed
// seed, a fixed number of epochs and L2 regularisation, so the same phrases always give the
// same weights, bit for bit.
//
// Written by hand because no well-kept npm library fits: ml-logistic-regression (mljs) and
// ml-svm work on dense matrices, and ~2,000 phrases x ~50,000 word and character n-grams is
// about a gigabyte of doubles; libsvm-js and the fastText WebAssembly builds train
// asynchronously (understanding is built synchronously) and fastText's second training in
// one process does not repeat the first (test/eval/COMPARISON.md). This file is the whole
// trainer, sparse, in about a hundred lines.

export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

export interface Vocabulary {
  /** Number of features (dimensions) learnt from training. */
  readonly size: number;
  /**
   * Counts of known features as sublinear tf-idf, divided by their Euclidean length, or by
   * `minLength` when that is more (a message with little in it then weighs less); unknown
   * features are dropped.
   */
  vector(features: readonly string[], minLength?: number): SparseVector;
  /** The Euclidean length of those tf-idf weights before dividing. */
  length(features: readonly string[]): number;
}

/**
 * The features seen in training, with their inverse document frequency. A message's
 * features that training never saw carry no weight, so they are not looked up twice nor kept.
 */
export function buildVocabulary(documents: readonly (readonly string[])[]): Vocabulary {
  const ids = new Map<string, number>();
  const df: number[] = [];
  for (const doc of documents) {
    for (const f of new Set(doc)) {
      let id = ids.get(f);
      if (id === undefined) {
        id = ids.size;
        ids.set(f, id);
        df.push(0);
      }
      df[id]!++;
    }
  }
  const idf = Float64Array.from(df, (d) => Math.log((1 + documents.length) / (1 + d)) + 1);
  // Counts by feature id, zero between calls: a Map per message and its iterators were a fifth of
  // the time outside the safety layer and a third of what it allocated (node --cpu-prof and the
  // sampling heap profiler over 500-character messages).
  // The ids keep the order features first occur in, so every sum over them adds in the same order.
  const counts = new Int32Array(ids.size);
  const weigh = (features: readonly string[]): SparseVector => {
    const seen: number[] = [];
    for (const f of features) {
      const id = ids.get(f);
      if (id !== undefined && counts[id]!++ === 0) seen.push(id);
    }
    const index = Int32Array.from(seen);
    const value = new Float64Array(index.length);
    for (let k = 0; k < index.length; k++) {
      const id = index[k]!;
      value[k] = (1 + Math.log(counts[id]!)) * idf[id]!;
      counts[id] = 0;
    }
    return { index, value };
  };
  const lengthOf = (value: Float64Array) => Math.sqrt(value.reduce((s, v) => s + v * v, 0));
  return {
    size: ids.size,
    length: (features) => lengthOf(weigh(features).value),
    vector(features, minLength = 0) {
      const x = weigh(features);
      const norm = Math.max(lengthOf(x.value), minLength) || 1;
      for (let i = 0; i < x.value.length; i++) x.value[i]! /= norm;
      return x;
    }
  };
}

export interface TrainOptions {
  epochs?: number;
  /** Initial learning rate. */
  rate?: number;
  /** L2 regularisation strength. */
  l2?: number;
  seed?: number;
  /**
   * 'logistic': one class per row, softmax probabilities. 'hinge': a multi-class linear SVM
   * (Crammer-Singer). 'independent': each class its own yes/no (a logistic regression per class,
   * trained in one pass); a row's label is then the bit mask of the classes it belongs to.
   */
  loss?: Loss;
  /** Weight of a row, or of a row for one class ('independent'); 1 when left out, 0 to leave it out. */
  weight?: (row: number, cls: number) => number;
}

export type Loss = 'logistic' | 'hinge' | 'independent';

export interface LinearModel {
  readonly classes: number;
  /** Raw scores, one per class. */
  margins(x: SparseVector): Float64Array;
  /** Probabilities: the softmax of the margins, or each margin's sigmoid ('independent'). */
  probabilities(x: SparseVector): Float64Array;
}

/** A small seeded generator (mulberry32): Math.random cannot be seeded, and a shuffle needs no more. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function softmax(margins: Float64Array): Float64Array {
  const max = Math.max(...margins);
  const out = margins.map((m) => Math.exp(m - max));
  const total = out.reduce((s, v) => s + v, 0);
  return out.map((v) => v / total);
}

/** Weights are stored feature-major (w[j * classes + c]) and scaled lazily for L2. */
function marginsOf(w: Float64Array, bias: Float64Array, scale: number, classes: number, x: SparseVector): Float64Array {
  const m = Float64Array.from(bias);
  for (let k = 0; k < x.index.length; k++) {
    const base = x.index[k]! * classes;
    const v = x.value[k]! * scale;
    for (let c = 0; c < classes; c++) m[c]! += w[base + c]! * v;
  }
  return m;
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

/** The loss's gradient with respect to each class's margin (0 where nothing changes). */
function gradient(loss: Loss, m: Float64Array, label: number): Float64Array {
  if (loss === 'logistic') {
    const g = softmax(m);
    g[label]! -= 1;
    return g;
  }
  if (loss === 'independent') return m.map((v, c) => sigmoid(v) - ((label >> c) & 1));
  const g = new Float64Array(m.length);
  let rival = -1;
  for (let c = 0; c < m.length; c++) if (c !== label && (rival < 0 || m[c]! > m[rival]!)) rival = c;
  if (rival >= 0 && m[label]! - m[rival]! < 1) {
    g[label] = -1;
    g[rival] = 1;
  }
  return g;
}

export function trainLinear(rows: readonly SparseVector[], labels: readonly number[], classes: number, dims: number, options: TrainOptions = {}): LinearModel {
  const { epochs = 12, rate = 0.5, l2 = 1e-4, seed = 1, loss = 'logistic' } = options;
  const w = new Float64Array(dims * classes);
  const bias = new Float64Array(classes);
  // The model is the average of the weights at the end of each epoch of the second half (tail
  // averaging). The last weights alone depend on where the shuffle happened to end: one story more
  // or less moved a test phrase's lead from 0.34 to 0.56 across seeds; averaged, 0.41 to 0.49, with
  // the same accuracy (test/eval/COMPARISON.md).
  const averageFrom = Math.floor(epochs / 2);
  const sumW = new Float64Array(w.length);
  const sumB = new Float64Array(classes);
  let averaged = 0;
  const random = seededRandom(seed);
  let scale = 1;
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const i of shuffled(rows.length, random)) {
      const x = rows[i]!;
      const eta = rate / (1 + rate * l2 * t++);
      const g = gradient(loss, marginsOf(w, bias, scale, classes, x), labels[i]!);
      if (options.weight) for (let c = 0; c < classes; c++) g[c]! *= options.weight(i, c);
      scale *= 1 - eta * l2;
      for (let k = 0; k < x.index.length; k++) {
        const base = x.index[k]! * classes;
        const v = (eta * x.value[k]!) / scale;
        for (let c = 0; c < classes; c++) if (g[c] !== 0) w[base + c]! -= g[c]! * v;
      }
      for (let c = 0; c < classes; c++) bias[c]! -= eta * g[c]!;
      if (scale < 1e-6) {
        for (let j = 0; j < w.length; j++) w[j]! *= scale;
        scale = 1;
      }
    }
    if (epoch >= averageFrom) {
      for (let j = 0; j < w.length; j++) sumW[j]! += w[j]! * scale;
      for (let c = 0; c < classes; c++) sumB[c]! += bias[c]!;
      averaged++;
    }
  }
  for (let j = 0; j < w.length; j++) w[j] = sumW[j]! / averaged;
  for (let c = 0; c < classes; c++) bias[c] = sumB[c]! / averaged;
  const margins = (x: SparseVector) => marginsOf(w, bias, 1, classes, x);
  const probabilities = loss === 'independent' ? (x: SparseVector) => margins(x).map(sigmoid) : (x: SparseVector) => softmax(margins(x));
  return { classes, margins, probabilities };
}
