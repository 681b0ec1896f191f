package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The greedy method long used by the Sortition Foundation ("LEGACY"), kept for comparison: repeatedly
 * take the quota furthest from its minimum relative to the people still available for it, pick one of
 * them at random, drop their household and anyone whose quota is full; start again when stuck. It meets
 * the quotas but gives some people far smaller chances than others.
 *
 * Each quota keeps the list of people still available for it (removal by swapping with the last), so
 * a draw costs time in proportion to the pool, not the pool times the panel.
 */
public final class Legacy {
  private Legacy() {}

  /** The pool as numbers: each person's quota in every category, and the people of each quota. */
  static final class Index {
    final List<Respondent> people;
    final int[][] quotaOf; // person → one quota per category
    final int[] min;
    final int[] max;
    final int[][] members; // quota → people
    final int[][] household; // person → the others of their household
    final int[][] where; // person → position in each of their quotas' member lists

    Index(List<Respondent> pool, Quotas quotas) {
      people = pool;
      List<String> names = new ArrayList<>();
      List<int[]> bounds = new ArrayList<>();
      Map<String, Integer> id = new HashMap<>();
      quotas.categories().forEach((c, features) -> features.forEach((f, b) -> {
        id.put(Quotas.name(c, f), names.size());
        names.add(Quotas.name(c, f));
        bounds.add(new int[]{b.min(), b.max()});
      }));
      int q = names.size();
      min = new int[q];
      max = new int[q];
      for (int i = 0; i < q; i++) {
        min[i] = bounds.get(i)[0];
        max[i] = bounds.get(i)[1];
      }
      int categories = quotas.categories().size();
      quotaOf = new int[pool.size()][categories];
      List<List<Integer>> lists = new ArrayList<>();
      for (int i = 0; i < q; i++) {
        lists.add(new ArrayList<>());
      }
      Map<String, List<Integer>> households = new HashMap<>();
      for (int p = 0; p < pool.size(); p++) {
        Respondent r = pool.get(p);
        int j = 0;
        for (String c : quotas.categories().keySet()) {
          Integer quota = id.get(Quotas.name(c, r.features().get(c)));
          if (quota == null) {
            throw new SelectionError("应答者 " + r.id() + " 的“" + c + "”不在配额表中", List.of());
          }
          quotaOf[p][j++] = quota;
          lists.get(quota).add(p);
        }
        if (r.household() != null && !r.household().isBlank()) {
          households.computeIfAbsent(r.household(), k -> new ArrayList<>()).add(p);
        }
      }
      members = new int[q][];
      for (int i = 0; i < q; i++) {
        members[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      where = new int[pool.size()][categories];
      for (int i = 0; i < q; i++) {
        for (int pos = 0; pos < members[i].length; pos++) {
          int person = members[i][pos];
          for (int j = 0; j < categories; j++) {
            if (quotaOf[person][j] == i) {
              where[person][j] = pos;
            }
          }
        }
      }
      household = new int[pool.size()][];
      for (int p = 0; p < pool.size(); p++) {
        String h = pool.get(p).household();
        List<Integer> others = h == null || h.isBlank() ? List.of() : households.get(h);
        int self = p;
        household[p] = others.stream().mapToInt(Integer::intValue).filter(o -> o != self).toArray();
      }
    }
  }

  /** One draw's state: who is still available, per quota and overall. */
  private static final class Draw {
    final Index ix;
    final int[][] lists;
    final int[] sizes;
    final int[][] where; // person → position in each of their quotas' lists
    final int[] all;
    final int[] whereAll;
    int allSize;
    final boolean[] gone;

    Draw(Index ix) {
      this.ix = ix;
      int n = ix.people.size();
      lists = new int[ix.members.length][];
      sizes = new int[ix.members.length];
      where = new int[n][];
      for (int q = 0; q < lists.length; q++) {
        lists[q] = ix.members[q].clone();
        sizes[q] = lists[q].length;
      }
      for (int p = 0; p < n; p++) {
        where[p] = ix.where[p].clone();
      }
      all = new int[n];
      whereAll = new int[n];
      for (int p = 0; p < n; p++) {
        all[p] = p;
        whereAll[p] = p;
      }
      allSize = n;
      gone = new boolean[n];
    }

    void remove(int p) {
      if (gone[p]) {
        return;
      }
      gone[p] = true;
      for (int j = 0; j < ix.quotaOf[p].length; j++) {
        int q = ix.quotaOf[p][j];
        int i = where[p][j];
        int last = lists[q][--sizes[q]];
        lists[q][i] = last;
        // the moved person's position in this quota's list
        for (int k = 0; k < ix.quotaOf[last].length; k++) {
          if (ix.quotaOf[last][k] == q) {
            where[last][k] = i;
          }
        }
      }
      int i = whereAll[p];
      int last = all[--allSize];
      all[i] = last;
      whereAll[last] = i;
    }
  }

  /** One panel, or null when this attempt got stuck. */
  static List<Respondent> drawOnce(Index ix, int panelSize, Random random) {
    Draw d = new Draw(ix);
    int[] selected = new int[ix.min.length];
    List<Respondent> panel = new ArrayList<>();
    while (panel.size() < panelSize) {
      int best = -1;
      double bestRatio = -1;
      for (int q = 0; q < selected.length; q++) {
        int need = ix.min[q] - selected[q];
        if (need <= 0) {
          continue;
        }
        if (d.sizes[q] < need) {
          return null;
        }
        double ratio = need / (double) d.sizes[q];
        if (ratio > bestRatio) {
          bestRatio = ratio;
          best = q;
        }
      }
      int chosen;
      if (best >= 0) {
        chosen = d.lists[best][random.nextInt(d.sizes[best])];
      } else if (d.allSize > 0) {
        chosen = d.all[random.nextInt(d.allSize)];
      } else {
        return null;
      }
      panel.add(ix.people.get(chosen));
      d.remove(chosen);
      for (int other : ix.household[chosen]) {
        d.remove(other);
      }
      for (int q : ix.quotaOf[chosen]) {
        if (++selected[q] >= ix.max[q]) {
          while (d.sizes[q] > 0) {
            d.remove(d.lists[q][d.sizes[q] - 1]);
          }
        }
      }
    }
    for (int q = 0; q < selected.length; q++) {
      if (selected[q] < ix.min[q]) {
        return null;
      }
    }
    return panel;
  }

  /** A panel, retrying stuck attempts. */
  public static List<Respondent> draw(List<Respondent> pool, Quotas quotas, int panelSize, Random random) {
    return draw(new Index(pool, quotas), panelSize, random);
  }

  static List<Respondent> draw(Index ix, int panelSize, Random random) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      List<Respondent> panel = drawOnce(ix, panelSize, random);
      if (panel != null) {
        return panel;
      }
    }
    throw new SelectionError("贪心抽选连续 1000 次未能满足配额", List.of());
  }

  /** Selection probabilities estimated from many draws. */
  public static Map<String, Double> estimate(List<Respondent> pool, Quotas quotas, int panelSize, int runs, long seed) {
    Index ix = new Index(pool, quotas);
    Random random = new Random(seed);
    Map<String, Double> counts = new HashMap<>();
    pool.forEach(r -> counts.put(r.id(), 0.0));
    for (int i = 0; i < runs; i++) {
      for (Respondent r : draw(ix, panelSize, random)) {
        counts.merge(r.id(), 1.0, Double::sum);
      }
    }
    counts.replaceAll((id, c) -> c / runs);
    return counts;
  }
}
