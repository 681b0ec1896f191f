package org.xieshang.forum;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Which statement to show a participant next, as Pol.is routes comments: a weighted random draw among
 * the statements they have not voted on, weighted towards statements that are new (few votes yet, so
 * every statement gets seen) and divisive (votes split, where the opinion map learns most), and away
 * from statements most people pass on.
 */
public final class NextStatement {
  private NextStatement() {}

  public record Candidate(long id, int agree, int disagree, int pass) {}

  public static double priority(Candidate c) {
    int seen = c.agree() + c.disagree() + c.pass();
    double agreeShare = (c.agree() + 1.0) / (c.agree() + c.disagree() + 2.0);
    double divisive = 1.0 - Math.abs(2.0 * agreeShare - 1.0);
    double engaged = (c.agree() + c.disagree() + 1.0) / (seen + 2.0);
    double newness = 1.0 + 3.0 / (1.0 + seen / 5.0);
    double p = (0.25 + divisive) * engaged * newness;
    return p * p;
  }

  public static Optional<Candidate> pick(List<Candidate> candidates, RandomGenerator random) {
    double total = 0;
    for (Candidate c : candidates) {
      total += priority(c);
    }
    double target = random.nextDouble() * total;
    for (Candidate c : candidates) {
      target -= priority(c);
      if (target < 0) {
        return Optional.of(c);
      }
    }
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
  }
}
