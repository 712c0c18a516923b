import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ASSUMED_DEFF } from '@/lib/charts/precision';
import { DEFAULT_IMPUTED_SAMPLE_SIZE } from '@/lib/stats/imputation';
import { DEFAULT_TARGET_HORIZON_YEARS } from '@/lib/charts/indicator';
import { MAX_POINTS_PER_SERIES } from '@/lib/charts/downsample';
import { COVERAGE } from '@/lib/charts/coverage';
import { TOTAL_ERROR_SD } from '@/lib/stats/total-error';
import totalError from '@/bench/total-error.json';
import { DISCLOSURE_ITEMS } from '@/lib/stats/disclosure';
import { HERDING_LEVEL, HERDING_MIN_POLLS } from '@/lib/stats/herding';
import { MIN_REFERENCE_POLLS } from '@/lib/charts/herding';
import { DEFAULT_ACCURACY_WINDOW_DAYS } from '@/lib/charts/accuracy';
import { ACCURACY_BOOTSTRAP_RESAMPLES } from '@/lib/stats/accuracy';
import { Table } from '@/components/ui/table';

const TOTAL_ERROR = totalError as unknown as {
  inSample: { races: number; mae: number; coverageSampling: number; coverageTotal: number; sd: number };
  outOfSample: { races: number; mae: number; coverageSampling: number; coverageTotal: number; sd: number };
};

const METHOD_LABEL: Record<string, string> = { kalman: 'Kalman', weighted: 'Weighted', loess: 'LOESS', mean: 'Mean of 5' };
const METHOD_ORDER = ['kalman', 'weighted', 'loess', 'mean'] as const;
const pct = (x: number): string => (100 * x).toFixed(1);
const houseRows = COVERAGE.rows.filter((r) => r.method === 'kalman' && r.houseCoverage !== null);
const HOUSE_COVERAGE = houseRows.map((r) => `${pct(r.houseCoverage ?? 0)}% of the time (${r.scenario})`).join(' and ');

/** The coverage benchmark's table (bench/coverage.json): 95% band coverage at every date / at the last date. */
function CoverageTable() {
  const [lo, hi] = COVERAGE.passRange95;
  const scenarios = [...new Map(COVERAGE.rows.map((r) => [r.scenario, r.label])).entries()];
  return (
    <section id="coverage" aria-labelledby="coverage-h" className="scroll-mt-4 space-y-2 rounded-lg border border-gray-200 bg-white p-4">
      <h2 id="coverage-h" className="text-lg font-semibold">
        <a href="#coverage" className="no-underline">
          Do the bands hold the truth? The coverage benchmark
        </a>
      </h2>
      <p className="text-gray-800">
        A 95% band is a claim: the true level lies inside it 95% of the time. <code>npm run bench -- --only=coverage</code> tests the claim on simulated poll
        series with a known truth ({COVERAGE.repetitions} repetitions of each scenario, fixed seed {COVERAGE.seed}): for each method, the share of dates whose
        95% band contained the truth, and the same at the last date (where the news is). A method passes when both lie between {pct(lo)}% and {pct(hi)}% in
        every scenario; cells outside that range are marked. Methods that fail say on their chart what their band leaves out. Full figures (50% and 80% bands,
        RMSE, bias) are in <code>bench/coverage.json</code>.
      </p>
      <div className="overflow-x-auto">
        <Table
          variant="data"
          density="roomy"
          testId="coverage-table"
          rows={scenarios}
          rowKey={([key]) => key}
          columns={[
            { header: 'Scenario', cell: ([, label]) => label },
            ...METHOD_ORDER.map((m) => {
              const cellOf = ([key]: (typeof scenarios)[number]) => COVERAGE.rows.find((x) => x.scenario === key && x.method === m);
              const bad = (row: (typeof scenarios)[number]) => {
                const r = cellOf(row);
                return r !== undefined && [r.coverage['95'], r.coverageLast['95']].some((c) => c < lo || c > hi);
              };
              return {
                header: METHOD_LABEL[m],
                numeric: true,
                className: (row: (typeof scenarios)[number]) =>
                  cellOf(row) ? `whitespace-nowrap tabular-nums ${bad(row) ? 'bg-amber-50 font-medium text-amber-900' : ''}` : undefined,
                cell: (row: (typeof scenarios)[number]) => {
                  const r = cellOf(row);
                  if (!r) return '–';
                  return (
                    <>
                      {pct(r.coverage['95'])} / {pct(r.coverageLast['95'])}
                      {bad(row) ? ' ✗' : ''}
                    </>
                  );
                },
              };
            }),
          ]}
          footer={
            <tr className="border-t text-gray-700">
              <td className="p-2">Mean RMSE (points) · verdict</td>
              {METHOD_ORDER.map((m) => {
                const s = COVERAGE.summary.find((x) => x.method === m);
                return (
                  <td key={m} className="p-2 text-right">
                    {s ? `${s.meanRmse.toFixed(2)} · ${s.passes ? 'passes' : 'fails'}` : '–'}
                  </td>
                );
              })}
            </tr>
          }
        />
      </div>
    </section>
  );
}

// Static: the page only changes with a deploy.
export const dynamic = 'force-static';
export const metadata: Metadata = { title: 'Methodology' };

function Item({ id, title, children, formula, reference }: { id: string; title: string; children: ReactNode; formula?: string; reference: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} className="scroll-mt-4 space-y-2 rounded-lg border border-gray-200 bg-white p-4">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        <a href={`#${id}`} className="no-underline">
          {title}
        </a>
      </h2>
      <div className="space-y-2 text-gray-800">{children}</div>
      {formula ? (
        <pre className="overflow-x-auto rounded bg-gray-50 p-2 text-sm">
          <code>{formula}</code>
        </pre>
      ) : null}
      <p className="text-xs text-gray-600">Reference: {reference}</p>
    </section>
  );
}

export default function MethodologyPage() {
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">How the numbers are computed</h1>
        <p className="text-gray-700">
          Every chart links here. Shares are stored as published (in percent) and converted to proportions for the formulas. Nothing is hidden: when an input is
          missing we say what we assumed, and when a number cannot be computed honestly we do not show it.
        </p>
        <nav aria-label="Formulas" className="text-sm">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {[
              ['wilson', 'Wilson interval'],
              ['design-effect', 'Design effect'],
              ['effective-n', 'Effective n'],
              ['lead', 'Lead'],
              ['change', 'Change between waves'],
              ['newcombe', 'Newcombe interval'],
              ['trend', 'Trend methods'],
              ['house-effects', 'House effects'],
              ['imputation', 'Imputed n'],
              ['impossible-moe', 'Impossible MoE'],
              ['required-growth', 'Required growth'],
              ['yoy', 'Year on year'],
            ].map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`} className="text-blue-900 underline">
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>

      <Item
        id="wilson"
        title="95% interval of a share (Wilson score interval)"
        formula={
          'centre = (p + z²/2n) / (1 + z²/n)\nhalf-width = z/(1 + z²/n) · √( p(1−p)/n + z²/4n² ),   z = 1.959964 for 95%\nn = effective sample size (below)'
        }
        reference={<>E. B. Wilson (1927), JASA 22:209–212; R. G. Newcombe (1998), Statistics in Medicine 17:857–872 (method 3).</>}
      >
        <p>
          Each published share p gets the range that would contain the true share in 95% of repeated samples of the same design. Wilson’s interval stays inside
          0–100% and behaves well for small shares (2%, 96%) where the textbook “p ± 1.96·SE” fails. Example: 74% of 1,600 → 71.8% to 76.1%.
        </p>
      </Item>

      <Item
        id="design-effect"
        title="Design effect: reported, derived from the stated margin of error, or assumed"
        formula={`deff = reported by the pollster, if any\n     = (MoE_reported / MoE_SRS)²,  MoE_SRS = z·√(0.25/n)   if a margin of error is stated (floored at 1)\n     = ${ASSUMED_DEFF}  otherwise (simple random sampling assumed; the page says so)`}
        reference={<>L. Kish (1965), Survey Sampling, §8.2; AAPOR, “Margin of Sampling Error/Credibility Interval”.</>}
      >
        <p>
          Weighting and clustering make a poll less precise than a simple random sample of the same size. The design effect measures by how much. Every poll
          page says where its design effect came from.
        </p>
      </Item>

      <Item id="effective-n" title="Effective sample size" formula="n_eff = n / deff" reference={<>Kish (1965), §8.2.</>}>
        <p>The number of respondents a simple random sample would need for the same precision. All intervals and tests use n_eff.</p>
      </Item>

      <Item
        id="lead"
        title="Lead and its margin of error (within one poll)"
        formula={'lead = p₁ − p₂\nVar(p₁ − p₂) = (p₁ + p₂ − (p₁ − p₂)²) / n_eff\nMoE = 1.96 · √Var'}
        reference={<>C. Franklin (2007), “The ‘Margin of Error’ for Differences in Polls”; Kish (1965) §2.8.</>}
      >
        <p>
          Two answers from the same respondents are negatively correlated, so the lead’s margin of error is nearly twice the margin of error of one share. We
          compare the two largest substantive answers (not “don’t know”).
        </p>
      </Item>

      <Item
        id="change"
        title="Change between two waves: real change or within noise?"
        formula={
          'p̄ = (n₁p₁ + n₂p₂)/(n₁ + n₂),   SE = √( p̄(1 − p̄)(1/n₁ + 1/n₂) ),   z = (p₂ − p₁)/SE,   p = 2·(1 − Φ(|z|))\nBenjamini–Hochberg across the m tests of a table: sort p ascending, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j)\n“real change” when q < 0.05;  no verdict when either wave’s n was not disclosed'
        }
        reference={
          <>
            A. Agresti (2013), Categorical Data Analysis, §3.1 (two-proportion z-test); Y. Benjamini & Y. Hochberg (1995), JRSS B 57:289–300 (false discovery
            rate).
          </>
        }
      >
        <p>
          We only compare waves of the same pollster and the same wording. A waves table can hold hundreds of tests (753 for Putin approval): at a 5% level per
          test, about 38 would be called real by chance alone. So the verdict controls the false discovery rate across the whole table: among the changes called
          real, at most 5% are expected to be noise. The table shows each test’s own p-value and its adjusted value q. When either wave did not disclose n (and
          no margin of error implies it), the test would rest on an assumed n, so no verdict is given.
        </p>
      </Item>

      <Item
        id="newcombe"
        title="Interval of a change (Newcombe hybrid score)"
        formula={'L = d − √( (p₂ − l₂)² + (u₁ − p₁)² ),   U = d + √( (u₂ − p₂)² + (p₁ − l₁)² ),   d = p₂ − p₁\n(lᵢ, uᵢ) = Wilson interval of wave i'}
        reference={<>R. G. Newcombe (1998), Statistics in Medicine 17:873–890, method 10.</>}
      >
        <p>The range of plausible changes between two waves, in percentage points, built from the two Wilson intervals.</p>
      </Item>

      <Item id="trend" title="Trend: four methods you can switch between" reference={<>See each method below.</>}>
        <p>
          The trend is computed separately for each wording: polls asked with a different wording are a separate series and are never averaged together. Each
          poll counts with its effective n. Its sampling variance is p̃(1 − p̃)/n with p̃ the average of the poll and its eight nearest neighbours (using the
          poll’s own reading would give readings near 0% or 100% too much weight). When several pollsters asked the wording, every method works on polls with
          their house effects removed (estimated jointly with the trend, below) and carries those effects’ uncertainty in its band. Bands are the trend ± 0.674,
          1.282 and 1.960 standard errors (50%, 80%, 95%; Student’s t where the SE comes from a handful of values), cut at 0 and 100. For display, at most{' '}
          {MAX_POINTS_PER_SERIES.toLocaleString('en-GB')} points per series are sent to the browser (evenly thinned; the table lists the same points).
        </p>
        <ul className="list-disc space-y-2 pl-5">
          <li id="trend-kalman" className="scroll-mt-4">
            <strong>Kalman smoother</strong> (default — the only method whose 95% band held the truth 92–98% of the time in every simulated scenario below, and
            the one with the smallest error): the true share follows a random walk with a constant drift; each poll reads the share plus its pollster’s house
            effect plus sampling noise, yᵢ = xₜ + h₍ₚ₎ + εᵢ, with the house effects summing to zero. The day-to-day variance q of the walk is estimated by
            maximum likelihood (the chart says “maximum likelihood”, “default” when there are fewer than 3 poll dates, or “set by parameter”, and flags an
            estimate stuck at an end of its search range); the drift and the house effects are regression effects of the same model, estimated by generalised
            least squares with an augmented filter; a Rauch–Tung–Striebel smoother uses polls before and after each date. The band adds the uncertainty of the
            estimated house effects and drift, and averages over the likelihood of q (three-point Gauss–Hermite rule), because a q estimated too small would
            otherwise give too narrow a band. When the residuals scatter more than sampling explains (a χ² test at 5%), all variances are scaled up by that
            ratio. References: Durbin & Koopman (2012), Time Series Analysis by State Space Methods, ch. 2 and §6.2; P. de Jong (1991), Annals of Statistics
            19:1073–1083; S. Jackman (2005), Australian J. Political Science 40:499–517.
          </li>
          <li id="trend-weighted" className="scroll-mt-4">
            <strong>Weighted average</strong>: polls in the last 120 days, weighted by min(√n, √2000) × 2^(−age/30 days) × 1/√(polls by that pollster in the
            window). A plain weighted average lags a moving series by its slope times the average age of its polls (about a month), so a weighted straight line
            is fitted to the same polls with the same weights and its value at the date is the estimate. Its variance adds the between-poll variance τ²
            (DerSimonian–Laird, on the residuals from that line). Reference: DerSimonian & Laird (1986), Controlled Clinical Trials 7:177–188; Fan & Gijbels
            (1996), Local Polynomial Modelling, ch. 3; FiveThirtyEight polling-average methodology.
          </li>
          <li id="trend-loess" className="scroll-mt-4">
            <strong>LOESS</strong>: at each date, a straight line fitted to the polls within h days, with tricube distance weights and min(n, 2000) sample-size
            weights; h is widened where fewer than 3 poll dates fall inside. h is chosen by the corrected Akaike criterion (AICc) over a grid from twice the
            median gap between polls to the whole span, then halved, so the smoothing bias is small next to the band (a fixed share of all polls smoothed 20
            years of Putin approval over a decade and drew a flat line through the March 2014 jump). With fewer than 8 polls, one weighted straight line.
            References: W. S. Cleveland (1979), JASA 74:829–836; Hurvich, Simonoff & Tsai (1998), JRSS B 60:271–293; P. Hall (1992), Annals of Statistics
            20:675–694 (undersmoothing).
          </li>
          <li id="trend-mean" className="scroll-mt-4">
            <strong>Mean of the last k polls</strong> (k = 5): the plain average of the 5 most recent polls at each date. Its standard error is the larger of
            the sampling error √(Σ p̃(1−p̃)/n)/k and the spread of the 5 values s/√k (then with Student’s t on 4 degrees of freedom).
          </li>
        </ul>
      </Item>

      <CoverageTable />

      <Item
        id="total-error"
        title="Bands with non-sampling error"
        formula={`Var_total = SE² + (σ · 2√(p(1 − p)))²,   σ = ${(100 * TOTAL_ERROR_SD).toFixed(2)} points at a 50% share`}
        reference={
          <>
            H. Shirani-Mehr, D. Rothschild, S. Goel & A. Gelman (2018), “Disentangling bias and variance in election polls”, JASA 113:607–614; data:
            FiveThirtyEight pollster-ratings raw polls 1998–2009 (CC BY 4.0).
          </>
        }
      >
        <p>
          Sampling error is only part of how far polls miss: frames, non-response, weighting and question effects add error that no sample size removes and that
          the polls of a period share. Ticking “Bands with non-sampling error” adds a term calibrated on real elections: for each of the{' '}
          {TOTAL_ERROR.inSample.races} US general-election races from 1998 to 2009 with at least 5 polls in the last 21 days, the Kalman trend’s final estimate
          of the two-party share was compared with the result, and σ is the smallest value that makes the 95% bands hold the result in 95% of races. By default
          bands show sampling error only (the coverage table above measures that), and every chart says so. Run <code>npm run calibrate:total-error</code> to
          reproduce it.
        </p>
        <div className="overflow-x-auto">
          <Table
            variant="data"
            density="roomy"
            testId="total-error-table"
            rows={[
              { label: '1998–2009 (calibration)', r: TOTAL_ERROR.inSample },
              { label: `2008–2009, σ fitted on 1998–2006 only (${(100 * TOTAL_ERROR.outOfSample.sd).toFixed(2)} points)`, r: TOTAL_ERROR.outOfSample },
            ]}
            rowKey={(row) => row.label}
            columns={[
              { header: 'Races', cell: (row) => row.label },
              { header: 'n', numeric: true, cell: (row) => row.r.races },
              { header: 'Mean absolute error', numeric: true, cell: (row) => `${row.r.mae.toFixed(2)} points` },
              { header: '95% band holds the result: sampling only', numeric: true, cell: (row) => `${(100 * row.r.coverageSampling).toFixed(1)}%` },
              { header: 'with the term', numeric: true, cell: (row) => `${(100 * row.r.coverageTotal).toFixed(1)}%` },
            ]}
          />
        </div>
      </Item>

      <Item
        id="house-effects"
        title="House effects"
        formula={
          'yᵢ = xₜ + h₍ₚ₎ + εᵢ,   Σₚ hₚ = 0   (estimated jointly with the level xₜ; see the Kalman smoother)\ninterval: ĥₚ ± 1.96·SE(ĥₚ), SE from the same model'
        }
        reference={<>S. Jackman (2005), Australian J. Political Science 40:499–517; P. de Jong (1991), Annals of Statistics 19:1073–1083.</>}
      >
        <p>
          How far a pollster’s polls sit above or below the average pollster. The effects are estimated together with the trend, in one model, never as
          residuals from a trend fitted to the same polls: that way a pollster that does most of the polls cannot pull the trend toward itself and halve its own
          effect. The effects sum to zero: a bias shared by every pollster cannot be seen in the polls themselves (that is what the non-sampling term is for).
          In simulation (one pollster with 60% of the polls, effects with SD 2 points) the 95% intervals held the true effects {HOUSE_COVERAGE}. Shown only when
          at least two pollsters asked the same wording; otherwise the page says why.
        </p>
      </Item>

      <Item
        id="imputation"
        title="Polls that do not disclose n, design effects, and dates"
        formula={`n = (1.96 · 0.5 / MoE)²  when only a margin of error is stated (“implied by MoE”)\nelse n = median known n of the same pollster, else of the same question, else ${DEFAULT_IMPUTED_SAMPLE_SIZE.toLocaleString('en-GB')} (“imputed”)\ndesign effect = max(1, reported)`}
        reference={
          <>AAPOR, “Margin of Sampling Error/Credibility Interval”; R. J. A. Little & D. B. Rubin (2019), Statistical Analysis with Missing Data, §4.2.</>
        }
      >
        <p>
          A poll that states its margin of error but not n still tells us its precision: the n of a simple random sample with that margin, which already
          includes the pollster’s design effect. Only a poll that states neither gets an imputed n; the trend needs a weight for it, but no interval is drawn
          for it and the waves table gives no verdict on it. A reported design effect below 1 claims a sample better than simple random sampling, which
          weighting cannot achieve for a share; it is floored at 1 and the poll page says so. A poll dated only to a month or a year is placed at the middle of
          that period (not on its last day), and its tooltip says how precisely it is dated.
        </p>
      </Item>

      <Item
        id="impossible-moe"
        title="Impossible margins of error"
        formula="flag when MoE_reported < MoE_SRS(p = 0.5, n), after rounding MoE_SRS to the reported precision"
        reference={<>AAPOR, “Margin of Sampling Error/Credibility Interval”.</>}
      >
        <p>No sample of n people can be more precise than a simple random sample of n. A smaller stated margin is flagged on the poll page.</p>
      </Item>

      <Item
        id="required-growth"
        title="Gap to target, required growth and CAGR"
        formula={
          'gap = target − latest actual\nrequired growth = (target / latest actual)^(1 / years) − 1\nCAGR = (last / first)^(1 / years) − 1\nexample: 18 → 30 in 5 years needs 10.8% a year'
        }
        reference={<>CFA Institute, Quantitative Investment Analysis, ch. 1 (compound growth).</>}
      >
        <p>
          When a target has no deadline, the reader chooses the year (default: the latest actual year + {DEFAULT_TARGET_HORIZON_YEARS}) and the page says so.
          Estimates, alternative figures and part-year values are not used as the starting point.
        </p>
      </Item>

      <Item
        id="yoy"
        title="Year-on-year change and straight-line trend"
        formula={'year on year = value / previous year − 1\nOLS: value = a + b·year, with R²'}
        reference={<>OECD Glossary of Statistical Terms, “Growth rates”; NIST/SEMATECH e-Handbook §4.1.4.1.</>}
      >
        <p>Only consecutive calendar years are compared. Bars that involve an estimate are drawn lighter.</p>
      </Item>

      <Item
        id="disclosure-score"
        title="Disclosure score"
        formula={
          'poll score = 100 × (items disclosed) / 11\npollster score = mean of its polls’ scores\ntrend = OLS slope of poll score on fieldwork year (points a year)'
        }
        reference={<>AAPOR Code of Professional Ethics and Practices (rev. April 2021), Section III.A, disclosure items; AAPOR Transparency Initiative.</>}
      >
        <p>
          Each poll is checked against the disclosure items of the AAPOR Code. An item counts only when it is entered in Pollboard: nothing is guessed, and an
          item not entered counts as not disclosed — so a score measures what the published sources let us record, not the pollster’s intent.
        </p>
        <ul className="list-disc pl-5 text-sm" data-testid="disclosure-items">
          {DISCLOSURE_ITEMS.map((i) => (
            <li key={i.key}>
              <strong>{i.label}</strong>: {i.rule}.
            </li>
          ))}
        </ul>
        <p>
          Question order is an AAPOR item too; it is shown where known but not scored, because Pollboard does not record whether the order entered is the
          questionnaire’s.
        </p>
      </Item>

      <Item
        id="herding"
        title="Herding check"
        formula={
          'rᵢ = pᵢ − tᵢ   (poll share − reference trend at its date)\nvᵢ = deffᵢ · tᵢ(1 − tᵢ) / nᵢ\nhₛ = Σ rᵢ/vᵢ ÷ Σ 1/vᵢ   (house effect of wording s)\nX = Σₛ Σᵢ (rᵢ − hₛ)² / vᵢ  ~  χ²(k − S) under sampling noise alone\nflag when P(χ² ≤ X) < ' +
          HERDING_LEVEL
        }
        reference={
          <>
            Silver, N. (2014), “Here’s proof some pollsters are putting a thumb on the scale”, FiveThirtyEight; Cochran, W. G. (1954), Biometrics 10(4), 417–451
            (dispersion tests).
          </>
        }
      >
        <p>
          A pollster that copies the average (“herds”) publishes numbers that vary less than its samples can. For each wording it asked, its polls that
          published n are compared with the trend of the <em>other</em> pollsters on that wording (at least {MIN_REFERENCE_POLLS} of their polls), so its own
          polls never pull the line they are measured against; when nobody else asked the wording, each poll is compared with the trend of its own other polls.
          Each wording gets its own house effect, so a steady lean is not mistaken for noise.
        </p>
        <p>
          With fewer than {HERDING_MIN_POLLS} polls there is no verdict. Error in the reference trend and real opinion change only add spread, so they make a
          herding flag rarer, not likelier; that is also why “more spread than sampling” is reported but not held against anyone. A flag is a question to ask —
          an understated design effect or weighting to a target can produce it too — not proof. Simulated pollsters with known under- and over-dispersion are in
          the tests (tests/unit/stats/herding.test.ts).
        </p>
      </Item>

      <Item
        id="accuracy"
        title="Pollster accuracy against outcomes"
        formula={
          'eᵢ = (poll share₁ − poll share₂) − (outcome share₁ − outcome share₂)\nMAE = (1/n) Σ |eᵢ|      bias = (1/n) Σ eᵢ\n95% intervals: percentile bootstrap, ' +
          ACCURACY_BOOTSTRAP_RESAMPLES +
          ' resamples, fixed seed'
        }
        reference={
          <>
            Efron &amp; Tibshirani (1993), An Introduction to the Bootstrap, ch. 13; FiveThirtyEight, “How our pollster ratings work” (error and bias of the
            margin).
          </>
        }
      >
        <p>
          An outcome is an election, referendum or any later measured truth entered for one wording of a question, with its date and source. Each poll of that
          wording fielded within the chosen window before the outcome (default {DEFAULT_ACCURACY_WINDOW_DAYS} days) is scored on the margin between the first
          two options. A positive bias means the pollster overstated the first option’s lead.
        </p>
        <p>
          Polls of one pollster in one race share its house effect and the same late swing, so they are not independent; the intervals are therefore optimistic
          when one race dominates a record, and the page says how many races a record covers. With one scored poll there is no interval.
        </p>
      </Item>

      <Item
        id="releases"
        title="Citable releases"
        formula={'release = frozen polls and indicators dumps (CSV and JSON bytes) + frozen outcomes + SHA-256 + row counts + changelog'}
        reference={<>FORCE11 Joint Declaration of Data Citation Principles (2014); DataCite metadata schema (version, publisher, publication year).</>}
      >
        <p>
          A release stores the dumps exactly as served at publication. Pages, charts, data URLs and embeds with <code>?release=VERSION</code> are rebuilt from
          those frozen rows by the same code as the live pages, so a cited link keeps showing what it showed. The changelog compares each poll’s rows (without
          its database id and edit time) with the previous release: added, corrected (with the columns that changed) or removed. Topic, country and notes of a
          question are not in the dump and are shown as they are now. The outcomes (elections, referendums, measured results) are frozen with the dumps, so a
          pollster’s accuracy record as of a release is scored on the release’s own polls and outcomes; the changelog lists outcomes added, corrected or removed
          too. Releases published before outcomes were frozen have none: their accuracy record is scored on the current outcomes and polls, and the page says
          so.
        </p>
      </Item>
    </article>
  );
}
