import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ASSUMED_DEFF } from '@/lib/charts/precision';
import { DEFAULT_IMPUTED_SAMPLE_SIZE } from '@/lib/stats/imputation';
import { DEFAULT_TARGET_HORIZON_YEARS } from '@/lib/charts/indicator';
import { MAX_POINTS_PER_SERIES } from '@/lib/charts/downsample';
import { DISCLOSURE_ITEMS } from '@/lib/stats/disclosure';
import { HERDING_LEVEL, HERDING_MIN_POLLS } from '@/lib/stats/herding';
import { MIN_REFERENCE_POLLS } from '@/lib/charts/herding';
import { DEFAULT_ACCURACY_WINDOW_DAYS } from '@/lib/charts/accuracy';
import { ACCURACY_BOOTSTRAP_RESAMPLES } from '@/lib/stats/accuracy';

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
          Every chart links here. Shares are stored as published (in percent) and converted to proportions for the formulas. Nothing is hidden: when
          an input is missing we say what we assumed, and when a number cannot be computed honestly we do not show it.
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
        formula={'centre = (p + z²/2n) / (1 + z²/n)\nhalf-width = z/(1 + z²/n) · √( p(1−p)/n + z²/4n² ),   z = 1.959964 for 95%\nn = effective sample size (below)'}
        reference={<>E. B. Wilson (1927), JASA 22:209–212; R. G. Newcombe (1998), Statistics in Medicine 17:857–872 (method 3).</>}
      >
        <p>
          Each published share p gets the range that would contain the true share in 95% of repeated samples of the same design. Wilson’s interval
          stays inside 0–100% and behaves well for small shares (2%, 96%) where the textbook “p ± 1.96·SE” fails. Example: 74% of 1,600 → 71.8% to 76.1%.
        </p>
      </Item>

      <Item
        id="design-effect"
        title="Design effect: reported, derived from the stated margin of error, or assumed"
        formula={`deff = reported by the pollster, if any\n     = (MoE_reported / MoE_SRS)²,  MoE_SRS = z·√(0.25/n)   if a margin of error is stated (floored at 1)\n     = ${ASSUMED_DEFF}  otherwise (simple random sampling assumed; the page says so)`}
        reference={<>L. Kish (1965), Survey Sampling, §8.2; AAPOR, “Margin of Sampling Error/Credibility Interval”.</>}
      >
        <p>
          Weighting and clustering make a poll less precise than a simple random sample of the same size. The design effect measures by how much. Every
          poll page says where its design effect came from.
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
          Two answers from the same respondents are negatively correlated, so the lead’s margin of error is nearly twice the margin of error of one
          share. We compare the two largest substantive answers (not “don’t know”).
        </p>
      </Item>

      <Item
        id="change"
        title="Change between two waves: real change or within noise?"
        formula={'p̄ = (n₁p₁ + n₂p₂)/(n₁ + n₂),   SE = √( p̄(1 − p̄)(1/n₁ + 1/n₂) ),   z = (p₂ − p₁)/SE\np-value = 2·(1 − Φ(|z|));  “real change” when p < 0.05'}
        reference={<>A. Agresti (2013), Categorical Data Analysis, §3.1 (two-proportion z-test; R prop.test without continuity correction).</>}
      >
        <p>
          We only compare waves of the same pollster and the same wording. The p-value is shown on hover and keyboard focus. When a poll did not
          disclose n the test uses the imputed n and is marked with an asterisk.
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

      <Item
        id="trend"
        title="Trend: four methods you can switch between"
        reference={<>See each method below.</>}
      >
        <p>
          The trend is computed separately for each wording: polls asked with a different wording are a separate series and are never averaged
          together. Each poll counts with its effective n (imputed when not disclosed). Bands are the trend ± 0.674, 1.282 and 1.960 standard errors
          (50%, 80%, 95%), cut at 0 and 100. For display, at most {MAX_POINTS_PER_SERIES.toLocaleString('en-GB')} points per series are sent to the
          browser (evenly thinned; the table lists the same points).
        </p>
        <ul className="list-disc space-y-2 pl-5">
          <li id="trend-mean" className="scroll-mt-4">
            <strong>Mean of the last k polls</strong> (k = 5): the plain average of the 5 most recent polls at each date. Its standard error is the
            larger of the sampling error √(Σ p(1−p)/n)/k and the spread of the 5 values s/√k.
          </li>
          <li id="trend-weighted" className="scroll-mt-4">
            <strong>Weighted average</strong> (default): polls in the last 120 days, weighted by min(√n, √2000) × 2^(−age/30 days) × 1/√(polls by that
            pollster in the window). Its variance adds the between-poll variance τ² (DerSimonian–Laird). Reference: DerSimonian & Laird (1986),
            Controlled Clinical Trials 7:177–188; FiveThirtyEight polling-average methodology.
          </li>
          <li id="trend-loess" className="scroll-mt-4">
            <strong>LOESS</strong>: at each date, a straight line fitted to the nearest half of the polls (span 0.5), with tricube distance weights and
            min(n, 2000) sample-size weights; with fewer than 8 polls, one weighted straight line. Reference: W. S. Cleveland (1979), JASA
            74:829–836.
          </li>
          <li id="trend-kalman" className="scroll-mt-4">
            <strong>Kalman smoother</strong>: the true share follows a random walk; each poll is a noisy reading with variance p(1−p)/n. The day-to-day
            variance of the walk is estimated by maximum likelihood; a Rauch–Tung–Striebel smoother uses polls before and after each date. Reference:
            Durbin & Koopman (2012), Time Series Analysis by State Space Methods, ch. 2; S. Jackman (2005), Australian J. Political Science 40:499–517.
          </li>
        </ul>
      </Item>

      <Item
        id="house-effects"
        title="House effects"
        formula={'r̄ₚ = mean over pollster p’s polls of (poll − trend at its date)\nτ² = max(0, mean(r̄ₚ²) − mean(sₚ²)),   Bₚ = sₚ²/(sₚ² + τ²),   effectₚ = (1 − Bₚ)·r̄ₚ   (no shrinkage with < 4 pollsters)'}
        reference={<>C. N. Morris (1983), JASA 78:47–55; Efron & Morris (1975), JASA 70:311–319.</>}
      >
        <p>
          How far a pollster’s polls sit above or below the trend on average, shrunk toward zero when the evidence is thin. Shown only when at least
          two pollsters asked the same wording; otherwise the page says why.
        </p>
      </Item>

      <Item
        id="imputation"
        title="Polls that do not disclose n"
        formula={`n = median disclosed n of the same pollster, else of the same question, else ${DEFAULT_IMPUTED_SAMPLE_SIZE.toLocaleString('en-GB')}`}
        reference={<>R. J. A. Little & D. B. Rubin (2019), Statistical Analysis with Missing Data, §4.2.</>}
      >
        <p>
          The trend needs a weight for every poll, so undisclosed n is imputed and marked “imputed” in tooltips and tables. No interval is ever drawn
          for such a poll as if n had been disclosed.
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
        formula={'gap = target − latest actual\nrequired growth = (target / latest actual)^(1 / years) − 1\nCAGR = (last / first)^(1 / years) − 1\nexample: 18 → 30 in 5 years needs 10.8% a year'}
        reference={<>CFA Institute, Quantitative Investment Analysis, ch. 1 (compound growth).</>}
      >
        <p>
          When a target has no deadline, the reader chooses the year (default: the latest actual year + {DEFAULT_TARGET_HORIZON_YEARS}) and the page
          says so. Estimates, alternative figures and part-year values are not used as the starting point.
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
        formula={'poll score = 100 × (items disclosed) / 11\npollster score = mean of its polls’ scores\ntrend = OLS slope of poll score on fieldwork year (points a year)'}
        reference={<>AAPOR Code of Professional Ethics and Practices (rev. April 2021), Section III.A, disclosure items; AAPOR Transparency Initiative.</>}
      >
        <p>
          Each poll is checked against the disclosure items of the AAPOR Code. An item counts only when it is entered in Pollboard: nothing is guessed, and
          an item not entered counts as not disclosed — so a score measures what the published sources let us record, not the pollster’s intent.
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
        formula={'rᵢ = pᵢ − tᵢ   (poll share − reference trend at its date)\nvᵢ = deffᵢ · tᵢ(1 − tᵢ) / nᵢ\nhₛ = Σ rᵢ/vᵢ ÷ Σ 1/vᵢ   (house effect of wording s)\nX = Σₛ Σᵢ (rᵢ − hₛ)² / vᵢ  ~  χ²(k − S) under sampling noise alone\nflag when P(χ² ≤ X) < ' + HERDING_LEVEL}
        reference={
          <>
            Silver, N. (2014), “Here’s proof some pollsters are putting a thumb on the scale”, FiveThirtyEight; Cochran, W. G. (1954), Biometrics 10(4),
            417–451 (dispersion tests).
          </>
        }
      >
        <p>
          A pollster that copies the average (“herds”) publishes numbers that vary less than its samples can. For each wording it asked, its polls that
          published n are compared with the trend of the <em>other</em> pollsters on that wording (at least {MIN_REFERENCE_POLLS} of their polls), so its
          own polls never pull the line they are measured against; when nobody else asked the wording, each poll is compared with the trend of its own other
          polls. Each wording gets its own house effect, so a steady lean is not mistaken for noise.
        </p>
        <p>
          With fewer than {HERDING_MIN_POLLS} polls there is no verdict. Error in the reference trend and real opinion change only add spread, so they make
          a herding flag rarer, not likelier; that is also why “more spread than sampling” is reported but not held against anyone. A flag is a question
          to ask — an understated design effect or weighting to a target can produce it too — not proof. Simulated pollsters with known under- and
          over-dispersion are in the tests (tests/unit/stats/herding.test.ts).
        </p>
      </Item>

      <Item
        id="accuracy"
        title="Pollster accuracy against outcomes"
        formula={'eᵢ = (poll share₁ − poll share₂) − (outcome share₁ − outcome share₂)\nMAE = (1/n) Σ |eᵢ|      bias = (1/n) Σ eᵢ\n95% intervals: percentile bootstrap, ' + ACCURACY_BOOTSTRAP_RESAMPLES + ' resamples, fixed seed'}
        reference={
          <>
            Efron &amp; Tibshirani (1993), An Introduction to the Bootstrap, ch. 13; FiveThirtyEight, “How our pollster ratings work” (error and bias of the
            margin).
          </>
        }
      >
        <p>
          An outcome is an election, referendum or any later measured truth entered for one wording of a question, with its date and source. Each poll of
          that wording fielded within the chosen window before the outcome (default {DEFAULT_ACCURACY_WINDOW_DAYS} days) is scored on the margin between the
          first two options. A positive bias means the pollster overstated the first option’s lead.
        </p>
        <p>
          Polls of one pollster in one race share its house effect and the same late swing, so they are not independent; the intervals are therefore
          optimistic when one race dominates a record, and the page says how many races a record covers. With one scored poll there is no interval.
        </p>
      </Item>

      <Item
        id="releases"
        title="Citable releases"
        formula={'release = frozen polls and indicators dumps (CSV and JSON bytes) + SHA-256 + row counts + changelog'}
        reference={<>FORCE11 Joint Declaration of Data Citation Principles (2014); DataCite metadata schema (version, publisher, publication year).</>}
      >
        <p>
          A release stores the dumps exactly as served at publication. Pages, charts, data URLs and embeds with <code>?release=VERSION</code> are rebuilt
          from those frozen rows by the same code as the live pages, so a cited link keeps showing what it showed. The changelog compares each poll’s rows
          (without its database id and edit time) with the previous release: added, corrected (with the columns that changed) or removed. Topic, country
          and notes of a question are not in the dump and are shown as they are now.
        </p>
      </Item>
    </article>
  );
}
