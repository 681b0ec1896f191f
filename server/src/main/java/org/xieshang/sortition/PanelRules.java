package org.xieshang.sortition;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What every panel must meet, indexed by type: k members in all, each quota's minimum and maximum
 * over the types that have its feature, at most one member per household. The integer programs, the
 * fractional programs and the decomposition all read the rules from here, in the same order.
 */
final class PanelRules {
  static {
    Loader.loadNativeLibraries();
  }

  /** One quota: its name for messages, the index of its category, its bounds, and the types it counts. */
  record Quota(String name, int category, int min, int max, int[] types) {}

  final Pool pool;
  final int panelSize;
  final int[] typeSize;
  final List<Quota> quotas = new ArrayList<>();
  final int categories;
  /** For each type, the index of its quota in each category. */
  final int[][] quotasOfType;
  /** For each household shared by several types, those types. */
  final List<int[]> households = new ArrayList<>();
  /** For each type, its household's index, or -1. */
  final int[] householdOfType;

  PanelRules(Pool pool, Quotas quotas, int panelSize) {
    this.pool = pool;
    this.panelSize = panelSize;
    int n = pool.types().size();
    typeSize = pool.types().stream().mapToInt(Pool.Type::size).toArray();
    categories = quotas.categories().size();
    quotasOfType = new int[n][categories];
    int category = 0;
    for (Map.Entry<String, Map<String, Quotas.Bounds>> c : quotas.categories().entrySet()) {
      for (Map.Entry<String, Quotas.Bounds> f : c.getValue().entrySet()) {
        int index = this.quotas.size();
        List<Integer> members = new ArrayList<>();
        for (Pool.Type t : pool.types()) {
          if (f.getKey().equals(t.features().get(c.getKey()))) {
            members.add(t.index());
            quotasOfType[t.index()][category] = index;
          }
        }
        this.quotas.add(new Quota(Quotas.name(c.getKey(), f.getKey()), category, f.getValue().min(), f.getValue().max(),
            members.stream().mapToInt(Integer::intValue).toArray()));
      }
      category++;
    }
    householdOfType = new int[n];
    Arrays.fill(householdOfType, -1);
    for (List<Integer> members : pool.households().values()) {
      members.forEach(t -> householdOfType[t] = households.size());
      households.add(members.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  int types() {
    return typeSize.length;
  }

  /** A program's variables, the counts per type, with the rules as constraints: [size, quotas…, households…]. */
  Model model(MPSolver solver, boolean integer) {
    MPVariable[] x = new MPVariable[types()];
    MPConstraint size = solver.makeConstraint(panelSize, panelSize, "size");
    for (int t = 0; t < x.length; t++) {
      x[t] = solver.makeVar(0, typeSize[t], integer, "x" + t);
      size.setCoefficient(x[t], 1);
    }
    MPConstraint[] quota = new MPConstraint[quotas.size()];
    for (int q = 0; q < quota.length; q++) {
      quota[q] = solver.makeConstraint(quotas.get(q).min(), quotas.get(q).max(), quotas.get(q).name());
      for (int t : quotas.get(q).types()) {
        quota[q].setCoefficient(x[t], 1);
      }
    }
    MPConstraint[] household = new MPConstraint[households.size()];
    for (int h = 0; h < household.length; h++) {
      household[h] = solver.makeConstraint(0, 1, "household");
      for (int t : households.get(h)) {
        household[h].setCoefficient(x[t], 1);
      }
    }
    return new Model(x, quota, household);
  }

  record Model(MPVariable[] x, MPConstraint[] quota, MPConstraint[] household) {}
}
