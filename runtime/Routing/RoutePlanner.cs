namespace ModelRegistry;

/// <summary>
/// Decides the order in which one call tries the routes: one picked by weight among those available now, then the
/// rest by descending weight (declaration order among equals). Routes cooling down or paused are left out and noted
/// in the call's <see cref="AttemptLog"/>.
/// </summary>
internal sealed class RoutePlanner(RouteState[] routes, Func<double> random)
{
    /// <summary>The routes in the order to try them.</summary>
    public RouteState[] Plan(AttemptLog attempts)
    {
        if (routes.Length == 1)
        {
            // The common single-route model: nothing to pick or sort, and no list per call.
            if (routes[0].IsAvailable(out TimeSpan? wait))
            {
                return routes;
            }

            attempts.Unavailable(wait);
            return [];
        }

        var available = new List<RouteState>(routes.Length);
        foreach (RouteState route in routes)
        {
            if (route.IsAvailable(out TimeSpan? availableIn))
            {
                available.Add(route);
            }
            else
            {
                attempts.Unavailable(availableIn);
            }
        }

        double total = 0;
        foreach (RouteState route in available)
        {
            total += route.Route.Weight;
        }

        int first = -1;
        if (total > 0)
        {
            double pick = random() * total;
            for (int i = 0; i < available.Count; i++)
            {
                pick -= available[i].Route.Weight;
                if (pick < 0 || i == available.Count - 1)
                {
                    first = available[i].Route.Weight > 0 ? i : LastPositive(available);
                    break;
                }
            }
        }

        var plan = new RouteState[available.Count];
        int next = 0;
        if (first >= 0)
        {
            plan[next++] = available[first];
            available.RemoveAt(first);
        }

        // A stable insertion sort by descending weight: a handful of routes, declaration order kept among equals.
        foreach (RouteState route in available)
        {
            int at = next++;
            while (at > (first >= 0 ? 1 : 0) && plan[at - 1].Route.Weight < route.Route.Weight)
            {
                plan[at] = plan[at - 1];
                at--;
            }

            plan[at] = route;
        }

        return plan;
    }

    private static int LastPositive(List<RouteState> routes)
    {
        for (int i = routes.Count - 1; i >= 0; i--)
        {
            if (routes[i].Route.Weight > 0)
            {
                return i;
            }
        }

        return -1;
    }
}
