package org.xieshang.plan;

import org.xieshang.opinion.NearDuplicates;
import org.xieshang.platform.text.ChineseText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The plan's rules, pure: the order of its steps, the supervision share, a topic's timing. */
public final class PlanRules {
  /** The default of plan.supervision-share-min: a fifth of the topics are democratic-supervision topics. */
  public static final double DEFAULT_SUPERVISION_SHARE_MIN = 0.20;

  private PlanRules() {}

  /** The step that may follow {@code current}; none after approval. */
  public static Optional<PlanStep> next(PlanStep current) {
    int i = current.ordinal() + 1;
    return i < PlanStep.values().length ? Optional.of(PlanStep.values()[i]) : Optional.empty();
  }

  /** Steps are taken one after another: only the next one may be recorded. */
  public static boolean mayFollow(PlanStep current, PlanStep step) {
    return next(current).filter(step::equals).isPresent();
  }

  /** Suggestions and topics change only while the plan is a draft. */
  public static boolean editable(PlanStep current) {
    return current == PlanStep.DRAFT;
  }

  /** Everybody signed in reads a plan once it is approved; before that only those who make it. */
  public static boolean visibleToAll(PlanStep current) {
    return current == PlanStep.APPROVED;
  }

  /**
   * Whom a plan is shown to who does not make it: everybody once approved; a member also while it is a
   * draft, open for 委员荐题 (the header and their own suggestions, not the staff's shortlist).
   */
  public static boolean visibleTo(PlanStep current, boolean member) {
    return visibleToAll(current) || member && editable(current);
  }

  /**
   * The share of democratic-supervision topics (民主监督议题) among a plan's topics, against the minimum.
   * A plan without topics has no share yet and is not below it.
   */
  public record SupervisionShare(int topics, int supervision, double minimum) {
    public SupervisionShare {
      if (topics < 0 || supervision < 0 || supervision > topics) {
        throw new IllegalArgumentException("supervision topics " + supervision + " of " + topics);
      }
    }

    public double share() {
      return topics == 0 ? 0 : (double) supervision / topics;
    }

    public boolean belowMinimum() {
      // compared as counts, so that 1 of 5 at a minimum of 0.20 is not below through rounding
      return topics > 0 && supervision < Math.ceil(minimum * topics - 1e-9);
    }
  }

  /** What is wrong with a topic's planned timing, or empty: exactly one of a quarter (1–4) or a month (1–12). */
  public static Optional<String> timingProblem(Integer quarter, Integer month) {
    if ((quarter == null) == (month == null)) {
      return Optional.of("季度和月份须且只须填写一项");
    }
    if (quarter != null && (quarter < 1 || quarter > 4)) {
      return Optional.of("季度应为 1 到 4");
    }
    if (month != null && (month < 1 || month > 12)) {
      return Optional.of("月份应为 1 到 12");
    }
    return Optional.empty();
  }

  /** A minimum share read from configuration: a fraction between 0 and 1. */
  public static boolean validMinimum(double minimum) {
    return minimum >= 0 && minimum <= 1 && !Double.isNaN(minimum);
  }

  /**
   * Whether an activity or a theme names the plan topic it holds to the reader: once the plan is approved to
   * everybody who reads the activity or theme, before that to the plan's makers only.
   */
  public static boolean topicNamedTo(String planStatus, boolean maker) {
    return maker || visibleToAll(PlanStep.valueOf(planStatus));
  }

  /**
   * Suggestions that name nearly the same topic, grouped by the opinion store's near-duplicate analysis
   * (NearDuplicates: character bigrams of the normalised title, Jaccard at least 0.7): each group the ids
   * of two or more suggestions in the order given; a suggestion alike with none is in no group.
   */
  public static List<List<Long>> similarGroups(List<Long> ids, List<String> titles) {
    if (ids.size() != titles.size()) {
      throw new IllegalArgumentException(ids.size() + " ids, " + titles.size() + " titles");
    }
    List<List<Long>> out = new ArrayList<>();
    for (int[] group : NearDuplicates.groups(titles.stream().map(ChineseText::normalize).toList())) {
      List<Long> g = new ArrayList<>();
      for (int i : group) {
        g.add(ids.get(i));
      }
      out.add(g);
    }
    return out;
  }
}
