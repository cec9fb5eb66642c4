using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>
/// Named keys over one Redis-protocol server (in-process Garnet, or <c>MODELREGISTRY_TEST_REDIS</c>), with the official
/// OpenAI client: two gateway instances hold a key's request window exactly, a budget spent through one refuses the key on
/// the other, a restarted instance keeps spend and the admin read-out, both instances report the same usage, and a Redis
/// that goes away mid-run never turns a named key's call into a 5xx.
/// </summary>
[Trait("Category", RedisTestServer.Category)]
public sealed class SharedKeysTests
{
    private const string AdminKey = "admin-secret-0001";
    private const string NonStreamed = "chat-completions/vllm-qwen3-8b-reasoning-content.json";

    // local:assistant's pricing (sample/Gateway/profiles/local.json); the recorded answer reports 20 input and 491 output tokens.
    private static readonly decimal NonStreamedCost = 20 * 0.00000005m + 491 * 0.0000002m;

    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    // A generous Redis bound, as in SharedStateTests: a busy machine must not turn a shared count into a per-instance one.
    private static GatewayHost Instance(string? overlay, RedisTestServer redis, string prefix, params (string Key, string Value)[] settings) =>
        new(overlay, [("Gateway:Redis", redis.Configuration), ("Gateway:RedisKeyPrefix", prefix), ("Gateway:RedisTimeoutMilliseconds", "5000"),
            ("Gateway:AdminKey", AdminKey), .. settings]);

    private static ServerReply[] Answers(int count) => Enumerable.Range(0, count).Select(_ => Fixtures.Reply(NonStreamed)).ToArray();

    private static int Calls(LoopbackProviderServer upstream) => upstream.Requests.Count(r => r.Method == "POST");

    [Fact]
    public async Task Two_instances_hold_a_named_keys_requests_per_minute_exactly()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        (string, string)[] key = [("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:RequestsPerMinute", "5")];
        using GatewayHost one = Instance(null, redis, prefix, key);
        using GatewayHost two = Instance(null, redis, prefix, key);
        await SharedAsync(one);
        await SharedAsync(two);
        await StartOfAWindowAsync(TimeSpan.FromSeconds(20));

        // 16 calls at once, half through each instance: the one window of 5 in Redis decides for both.
        int[] statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => StatusAsync((i % 2 == 0 ? one : two).Chat("local:echo", "sk-team"))));

        Assert.Equal(5, statuses.Count(s => s == 200));
        Assert.Equal(11, statuses.Count(s => s == 429));
        JsonElement report = await AdminUsageAsync(one, "?period=day", requests: 5);
        Assert.Equal(5, Key(report, "team").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task A_budget_spent_through_one_instance_refuses_the_key_on_the_other()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(20));
        (string, string)[] key = [("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:BudgetUsd", "0.00005"), ("Gateway:Keys:team:BudgetPeriod", "day")];
        using GatewayHost one = Instance(GatewayHost.Upstreams(vllm.Endpoint), redis, prefix, key);
        using GatewayHost two = Instance(GatewayHost.Upstreams(vllm.Endpoint), redis, prefix, key);
        await SharedAsync(one);
        await SharedAsync(two);

        ChatCompletion spent = await one.Chat("local:assistant", "sk-team").CompleteChatAsync(Question);
        Refusal refused = await RefusedAsync(() => two.Chat("local:assistant", "sk-team").CompleteChatAsync(Question));

        Assert.Equal(491, spent.Usage.OutputTokenCount);
        Assert.Equal(429, refused.Status);
        Assert.Equal("budget_exceeded", refused.Code);
        Assert.Contains("$0.0000992 of its $0.00005", refused.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);
        Assert.Equal(1, Calls(vllm));
    }

    [Fact]
    public async Task A_restarted_instance_keeps_the_spend_and_the_admin_read_out()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(20));
        (string, string)[] key = [("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:BudgetUsd", "1"), ("Gateway:Keys:team:BudgetPeriod", "total")];
        string before;
        using (GatewayHost first = Instance(GatewayHost.Upstreams(vllm.Endpoint), redis, prefix, key))
        {
            await SharedAsync(first);
            await first.Chat("local:assistant", "sk-team").CompleteChatAsync(Question);
            await first.Chat("local:assistant", "sk-team").CompleteChatAsync(Question);
            before = Figures(await AdminUsageAsync(first, "?period=total"));
        }

        using GatewayHost after = Instance(GatewayHost.Upstreams(vllm.Endpoint), redis, prefix, key);
        await SharedAsync(after);
        JsonElement report = await AdminUsageAsync(after, "?period=total");

        Assert.Equal(before, Figures(report));
        JsonElement team = Key(report, "team");
        Assert.Equal(2, team.GetProperty("requests").GetInt64());
        Assert.Equal(2 * NonStreamedCost, team.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2 * NonStreamedCost, team.GetProperty("budget").GetProperty("spent_usd").GetDecimal());
        Assert.Equal(1 - 2 * NonStreamedCost, team.GetProperty("budget").GetProperty("remaining_usd").GetDecimal());
        JsonElement route = Assert.Single(report.GetProperty("routes").EnumerateArray());
        Assert.Equal("vllm", route.GetProperty("route").GetString());
        Assert.Equal(2 * 511, route.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task Both_instances_report_the_same_usage_for_calls_spread_over_both()
    {
        using RedisTestServer redis = RedisTestServer.Start();
        string prefix = RedisTestServer.NewPrefix();
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Answers(20));
        (string, string)[] keys = [("Gateway:ApiKeys", "sk-open"), ("Gateway:Keys:team-a:Key", "sk-team-a"), ("Gateway:Keys:team-b:Key", "sk-team-b")];
        using GatewayHost one = Instance(GatewayHost.Upstreams(vllm.Endpoint), redis, prefix, keys);
        using GatewayHost two = Instance(GatewayHost.Upstreams(vllm.Endpoint), redis, prefix, keys);
        await SharedAsync(one);
        await SharedAsync(two);

        await one.Chat("local:assistant", "sk-team-a").CompleteChatAsync(Question);
        await two.Chat("local:assistant", "sk-team-a").CompleteChatAsync(Question);
        await two.Chat("local:assistant", "sk-team-b").CompleteChatAsync(Question);
        await one.Chat("local:echo", "sk-team-b").CompleteChatAsync([new UserChatMessage("ping")]);
        await two.Chat("local:echo", "sk-open").CompleteChatAsync([new UserChatMessage("ping")]);
        // Calls without a budget are charged just after their answer (the answer does not wait for that round trip): the
        // read-outs are taken once the last charge has landed.
        JsonElement fromOne = await AdminUsageAsync(one, "?period=day", requests: 5);
        JsonElement fromTwo = await AdminUsageAsync(two, "?period=day", requests: 5);

        Assert.Equal(Figures(fromOne), Figures(fromTwo));
        Assert.Equal(5, fromOne.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(2, Key(fromOne, "team-a").GetProperty("requests").GetInt64());
        Assert.Equal(2 * NonStreamedCost, Key(fromOne, "team-a").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2, Key(fromTwo, "team-b").GetProperty("requests").GetInt64());
        Assert.Equal(1, Key(fromTwo, null).GetProperty("requests").GetInt64());
        JsonElement vllmRoute = Assert.Single(fromTwo.GetProperty("routes").EnumerateArray(), r => r.GetProperty("route").GetString() == "vllm");
        Assert.Equal(3, vllmRoute.GetProperty("requests").GetInt64());
        Assert.Equal(3 * NonStreamedCost, vllmRoute.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(3, Calls(vllm));
    }

    [Fact]
    public async Task Redis_stopped_mid_run_leaves_named_keys_on_process_state_never_a_5xx()
    {
        using RedisTestServer redis = RedisTestServer.StartGarnet();
        using GatewayHost gateway = Instance(null, redis, RedisTestServer.NewPrefix(),
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:RequestsPerMinute", "3"), ("Gateway:Keys:team:TokensPerMinute", "100000"),
            ("Gateway:Keys:team:BudgetUsd", "1"), ("Gateway:Keys:team:BudgetPeriod", "month"));
        await SharedAsync(gateway);
        await StartOfAWindowAsync(TimeSpan.FromSeconds(20));
        ChatClient chat = gateway.Chat("local:echo", "sk-team");
        Assert.Equal(200, await StatusAsync(chat));

        redis.Stop();
        int[] statuses = new int[4];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = await StatusAsync(chat);
        }

        // The in-process window did not see the call made over Redis: three more pass in it, and the fourth is its 429.
        Assert.Equal([200, 200, 200, 429], statuses);
        using HttpResponseMessage report = await Admin(gateway, "?period=day");
        Assert.Equal(200, (int)report.StatusCode);
        using HttpClient http = gateway.CreateClient();
        Assert.Equal("degraded", JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("status").GetString());
    }

    /// <summary>The status of one call: 200, or the status of the OpenAI error the client threw.</summary>
    private static async Task<int> StatusAsync(ChatClient chat)
    {
        try
        {
            await chat.CompleteChatAsync([new UserChatMessage("ping")]);
            return 200;
        }
        catch (ClientResultException exception)
        {
            return exception.Status;
        }
    }

    /// <summary>A report's figures without the moment it was made.</summary>
    private static string Figures(JsonElement report) =>
        string.Join("\n", report.EnumerateObject().Where(p => p.Name != "generated_at").Select(p => p.Name + "=" + p.Value.GetRawText()));

    /// <summary>Polls <c>/health</c> until the instance shares its state through Redis.</summary>
    private static async Task SharedAsync(GatewayHost gateway)
    {
        using HttpClient http = gateway.CreateClient();
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            JsonElement state = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement.GetProperty("state");
            if (state.GetProperty("shared").GetBoolean())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/health did not say shared within 30 s: {state}");
            await Task.Delay(100);
        }
    }

    /// <summary>A test that fills a minute window must not straddle two: it starts after the next minute begins if less
    /// than <paramref name="needed"/> is left of this one.</summary>
    private static async Task StartOfAWindowAsync(TimeSpan needed)
    {
        TimeSpan left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerMinute);
        if (left < needed)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task<HttpResponseMessage> Admin(GatewayHost gateway, string query)
    {
        using HttpClient http = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/usage" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return await http.SendAsync(request);
    }

    /// <summary>The admin read-out; with <paramref name="requests"/>, the first one (within 10 s) whose totals count that many
    /// requests: a call without a budget is charged just after its answer, so the last charge may still be on its way.</summary>
    private static async Task<JsonElement> AdminUsageAsync(GatewayHost gateway, string query, int? requests = null)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using HttpResponseMessage response = await Admin(gateway, query);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            JsonElement report = JsonDocument.Parse(body).RootElement.Clone();
            if (requests is not { } expected || report.GetProperty("totals").GetProperty("requests").GetInt64() == expected || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(20);
        }
    }

    private static JsonElement Key(JsonElement report, string? name) =>
        Assert.Single(report.GetProperty("keys").EnumerateArray(), k => k.GetProperty("key").GetString() == name);

    private static async Task<Refusal> RefusedAsync(Func<Task> call)
    {
        ClientResultException exception = await Assert.ThrowsAsync<ClientResultException>(call);
        PipelineResponse response = exception.GetRawResponse()!;
        JsonElement error = JsonDocument.Parse(response.Content.ToString()).RootElement.GetProperty("error").Clone();
        return new Refusal(exception.Status, error, response.Headers.TryGetValue("Retry-After", out string? retryAfter) ? retryAfter : null);
    }

    private sealed record Refusal(int Status, JsonElement Error, string? RetryAfter)
    {
        public string? Code => Error.GetProperty("code").GetString();
    }
}
