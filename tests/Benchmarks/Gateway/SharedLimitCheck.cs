using System.Net;

namespace Benchmarks.Gateway;

/// <summary>
/// The second half of <c>gateway-load --redis</c>: two more gateway instances over the same Redis, whose one route allows
/// <see cref="Limit"/> requests per minute with no queue, are sent three times as many requests at once, alternating
/// between them. The limit held exactly when exactly <see cref="Limit"/> were answered and every other one was a 429.
/// </summary>
internal static class SharedLimitCheck
{
    public const int Limit = 60;

    public static async Task<bool> RunAsync(HttpClient client, string gatewayDll, Dictionary<string, string> gatewayEnvironment, Uri upstream, string redis, string prefix)
    {
        string overlay = GatewayLoadCommand.WriteOverlay(upstream, Limit);
        try
        {
            Dictionary<string, string> environment = new(gatewayEnvironment)
            {
                ["MODELREGISTRY_OVERLAY"] = overlay,
                ["Gateway__Redis"] = redis,
                ["Gateway__RedisKeyPrefix"] = prefix,
            };
            using ChildServer one = await ChildServer.StartGatewayAsync(gatewayDll, environment).ConfigureAwait(false);
            using ChildServer two = await ChildServer.StartGatewayAsync(gatewayDll, environment).ConfigureAwait(false);
            await one.WaitUntilSharedAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await two.WaitUntilSharedAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

            // One minute window decides: start with at least 15 s of it left.
            TimeSpan left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(DateTime.UtcNow.Ticks % TimeSpan.TicksPerMinute);
            if (left < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(left + TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }

            byte[] body = GatewayLoadCommand.NonStreamingBody();
            int sent = 3 * Limit;
            HttpStatusCode[] statuses = await Task.WhenAll(Enumerable.Range(0, sent).Select(async i =>
            {
                using ByteArrayContent content = new(body);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                using HttpResponseMessage response = await client.PostAsync(new Uri((i % 2 == 0 ? one : two).Origin, "/v1/chat/completions"), content).ConfigureAwait(false);
                return response.StatusCode;
            })).ConfigureAwait(false);

            int answered = statuses.Count(s => s == HttpStatusCode.OK);
            int limited = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
            bool held = answered == Limit && limited == sent - Limit;
            Console.WriteLine($"- a route limited to {Limit} requests per minute, {sent} requests at once over both instances: {answered} answered, {limited} refused with 429, {sent - answered - limited} other: " +
                (held ? "the limit held exactly." : "the limit did NOT hold."));
            return held;
        }
        finally
        {
            File.Delete(overlay);
        }
    }
}
