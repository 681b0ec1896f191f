package org.xieshang.platform.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A request no route served: 405 with {@code Allow} when the path is known under other methods (a client
 * bug worth telling apart from a wrong path), else 404. Mounted last for a prefix; it reads the router's
 * routes once, at the first such request, when every route is in place.
 */
public final class AllowedMethods {
  private record Known(Pattern path, Set<HttpMethod> methods) {}

  private final Router router;
  private volatile List<Known> known;

  public AllowedMethods(Router router) {
    this.router = router;
  }

  public void handle(RoutingContext ctx) {
    Set<String> allowed = on(ctx.request().path());
    if (allowed.isEmpty()) {
      ctx.fail(DomainError.notFound("接口 " + ctx.request().path()));
    } else {
      ctx.fail(DomainError.methodNotAllowed(allowed));
    }
  }

  /** The methods some route with exactly this path (parameters matching any segment) answers to. */
  public Set<String> on(String path) {
    Set<String> out = new TreeSet<>();
    for (Known k : known()) {
      if (k.path.matcher(path).matches()) {
        k.methods.forEach(m -> out.add(m.name()));
      }
    }
    return out;
  }

  private List<Known> known() {
    List<Known> k = known;
    if (k == null) {
      k = new ArrayList<>();
      for (Route route : router.getRoutes()) {
        // only routes for given methods on an exact path: prefix routes are filters (body limits, rate limits)
        if (route.getPath() != null && route.isExactPath() && route.methods() != null && !route.methods().isEmpty()) {
          String regex = route.getPath().replaceAll("\\.", "\\\\.").replaceAll(":[A-Za-z]+", "[^/]+");
          k.add(new Known(Pattern.compile(regex), Set.copyOf(route.methods())));
        }
      }
      known = k;
    }
    return k;
  }
}
