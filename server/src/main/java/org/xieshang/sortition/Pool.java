package org.xieshang.sortition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The respondents grouped into types. Volunteers with the same value in every category and no
 * household tie are interchangeable for every quota, so a type stands for all of them and the solver
 * works with counts per type: a pool of thousands becomes a handful of variables. Members of a
 * household shared with others each get a type of their own, so that "at most one per household" can
 * be stated.
 */
public final class Pool {
  public record Type(int index, Map<String, String> features, List<Respondent> members, String household) {
    public int size() {
      return members.size();
    }
  }

  private final List<Type> types;
  private final List<String> categories;
  private final Map<String, List<Integer>> households;

  private Pool(List<Type> types, List<String> categories, Map<String, List<Integer>> households) {
    this.types = types;
    this.categories = categories;
    this.households = households;
  }

  public static Pool of(List<Respondent> respondents, Quotas quotas) {
    List<String> categories = List.copyOf(quotas.categories().keySet());
    List<String> problems = new ArrayList<>();
    Map<String, Integer> householdSizes = new HashMap<>();
    for (Respondent r : respondents) {
      for (String c : categories) {
        String value = r.features().get(c);
        if (value == null || !quotas.categories().get(c).containsKey(value)) {
          problems.add("应答者 " + r.id() + " 的“" + c + "”为“" + value + "”，不在配额表中");
        }
      }
      if (r.household() != null && !r.household().isBlank()) {
        householdSizes.merge(r.household(), 1, Integer::sum);
      }
    }
    if (!problems.isEmpty()) {
      throw new SelectionError(String.join("；", problems.subList(0, Math.min(5, problems.size())))
          + (problems.size() > 5 ? " 等 " + problems.size() + " 处" : ""), List.of());
    }
    Map<List<String>, List<Respondent>> grouped = new LinkedHashMap<>();
    List<Respondent> alone = new ArrayList<>();
    for (Respondent r : respondents) {
      boolean tied = r.household() != null && householdSizes.getOrDefault(r.household(), 0) > 1;
      if (tied) {
        alone.add(r);
      } else {
        grouped.computeIfAbsent(categories.stream().map(c -> r.features().get(c)).toList(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Type> types = new ArrayList<>();
    Map<String, List<Integer>> households = new LinkedHashMap<>();
    grouped.forEach((key, members) -> types.add(new Type(types.size(), members.get(0).features(), List.copyOf(members), null)));
    for (Respondent r : alone) {
      households.computeIfAbsent(r.household(), k -> new ArrayList<>()).add(types.size());
      types.add(new Type(types.size(), r.features(), List.of(r), r.household()));
    }
    return new Pool(List.copyOf(types), categories, households);
  }

  public List<Type> types() {
    return types;
  }

  public List<String> categories() {
    return categories;
  }

  /** Households with more than one member: the types of their members. */
  public Map<String, List<Integer>> households() {
    return households;
  }

  public int respondents() {
    return types.stream().mapToInt(Type::size).sum();
  }
}
