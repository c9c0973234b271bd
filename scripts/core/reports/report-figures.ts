/**
 * The figures of one report, held back together: a report builder asks for each figure it shows (a count, a share,
 * a rate per 1,000 homes, an average), then `resolve()` decides over all of them at once which counts are
 * published, so that no figure, alone or with the others (a quarter and its year, a share and its count), gives away
 * a count below 5. The figures are filled in where they stand in the document.
 */
import type { Published } from '../audit/public-statistics.ts';
import { SMALLEST_PUBLISHED_COUNT } from '../audit/public-statistics.ts';
import { cohortRelations, type CohortCounts, type CohortShape } from './cohort-counts.ts';
import { controlDisclosure, NOT_PUBLISHED, type Relation } from './disclosure-control.ts';
import type { FigureUnit, ReportFigure } from './report-document.ts';
import type { ReportPeriod } from './report-period.ts';

/** What a share or average reads when its parts are held back. */
export const TOO_FEW = 'not published: too few to show safely';

interface Cohort {
  counts: CohortCounts;
  period: ReportPeriod;
}

export class ReportFigures {
  private readonly cohorts = new Map<string, Cohort>();
  private readonly sums: { parent: string; children: readonly string[] }[] = [];
  private readonly shown = new Set<string>();
  private readonly pending: ((published: ReadonlyMap<string, Published>) => void)[] = [];
  private resolved = false;

  private readonly shape: CohortShape;
  private readonly main: string;

  /** `main` is the cohort of the report's own period: its figures carry no period of their own. */
  constructor(shape: CohortShape, main: string) {
    this.shape = shape;
    this.main = main;
  }

  /** A group of complaints, by name: "period", "q1", "previous". */
  addCohort(name: string, period: ReportPeriod, counts: CohortCounts): void {
    this.cohorts.set(name, { period, counts });
  }

  /** Declares that a cohort's complaints are exactly those of its children (a year and its quarters). */
  addSum(parent: string, children: readonly string[]): void {
    this.sums.push({ parent, children });
  }

  /** The count behind a key, before anything is held back. */
  private raw(cohort: string, key: string): number {
    return this.cohortOf(cohort).counts.counts.get(key) ?? 0;
  }

  /** A count, published or held back. */
  count(cohort: string, key: string, definition: string): ReportFigure {
    const figure = this.figure(cohort, 'count', definition);
    const id = this.show(cohort, key);
    this.pending.push((published) => fill(figure, published.get(id) ?? { shown: false, text: NOT_PUBLISHED }));
    return figure;
  }

  /**
   * `part` of `whole` as a percentage, where `whole` is `part` plus `rest`: published only when neither part is a
   * held-back count (a none is no secret). `none` is what it reads when the whole is none.
   */
  share(cohort: string, keys: { part: string; whole: string; rest: string }, definition: string, none = 'none fell due'): ReportFigure {
    const figure = this.figure(cohort, 'share', definition);
    const [part, whole, rest] = [this.show(cohort, keys.part), this.show(cohort, keys.whole), this.show(cohort, keys.rest)];
    const [p, w] = [this.raw(cohort, keys.part), this.raw(cohort, keys.whole)];
    this.pending.push((published) => {
      const safe = (id: string, n: number) => n === 0 || published.get(id)?.shown === true;
      if (w > 0 && published.get(whole)?.shown === true && safe(part, p) && safe(rest, w - p)) fill(figure, { shown: true, value: round(p / w, 4), text: `${Math.round((p / w) * 100)}%` });
      else fill(figure, { shown: false, text: w === 0 ? none : TOO_FEW });
    });
    return figure;
  }

  /** A count per 1,000 homes: published with its count, since with the homes known it gives the count away. */
  rate(cohort: string, key: string, homes: number, definition: string): ReportFigure {
    const figure = this.figure(cohort, 'per-1000-homes', definition);
    const id = this.show(cohort, key);
    const n = this.raw(cohort, key);
    this.pending.push((published) => {
      if (published.get(id)?.shown) fill(figure, { shown: true, value: round((n / homes) * 1000, 2), text: ((n / homes) * 1000).toFixed(1) });
      else fill(figure, { shown: false, text: NOT_PUBLISHED });
    });
    return figure;
  }

  /** The average working days a stage's answers took: published over at least 5 answers. */
  mean(cohort: string, stage: string, definition: string): ReportFigure {
    const figure = this.figure(cohort, 'working-days', definition);
    const days = this.cohortOf(cohort).counts.days.get(stage) ?? [];
    const mean = days.reduce((sum, n) => sum + n, 0) / days.length;
    this.pending.push(() =>
      fill(figure, days.length >= SMALLEST_PUBLISHED_COUNT ? { shown: true, value: round(mean, 2), text: mean.toFixed(1) } : { shown: false, text: days.length === 0 ? 'none answered' : TOO_FEW }),
    );
    return figure;
  }

  /** A figure the report is given rather than counts (the number of homes): always shown. */
  given(value: number, unit: FigureUnit, definition: string): ReportFigure {
    return { value, text: value.toLocaleString('en-GB'), shown: true, unit, definition };
  }

  /** Decides what is published, over every figure asked for, and fills them in. */
  resolve(): void {
    if (this.resolved) throw new Error('The report figures were already resolved.');
    this.resolved = true;
    const values = new Map<string, number>();
    const relations: Relation[] = [];
    for (const [name, cohort] of this.cohorts) {
      for (const [key, n] of cohort.counts.counts) values.set(`${name}/${key}`, n);
      relations.push(...cohortRelations((key) => `${name}/${key}`, this.shape));
    }
    for (const { parent, children } of this.sums) {
      for (const key of this.cohortOf(parent).counts.counts.keys()) relations.push({ whole: `${parent}/${key}`, parts: children.map((child) => `${child}/${key}`) });
    }
    const published = controlDisclosure({ values, shown: this.shown, relations });
    for (const fillIn of this.pending) fillIn(published);
  }

  private show(cohort: string, key: string): string {
    this.cohortOf(cohort);
    const id = `${cohort}/${key}`;
    this.shown.add(id);
    return id;
  }

  private figure(cohort: string, unit: FigureUnit, definition: string): ReportFigure {
    if (this.resolved) throw new Error('A figure was asked for after the report figures were resolved.');
    // `value` first, so that a published figure reads value, text, … wherever it is printed as JSON.
    return { value: undefined, text: '', shown: false, unit, definition, ...(cohort === this.main ? {} : { period: this.cohortOf(cohort).period }) };
  }

  private cohortOf(name: string): Cohort {
    const cohort = this.cohorts.get(name);
    if (!cohort) throw new Error(`No cohort "${name}" in the report.`);
    return cohort;
  }
}

function fill(figure: ReportFigure, published: Published): void {
  figure.shown = published.shown;
  figure.text = published.text;
  figure.value = published.shown ? published.value : undefined;
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
