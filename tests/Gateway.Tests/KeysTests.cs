using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelRegistry.Tests.Client;
using OpenAI.Chat;
using OpenAI.Models;

namespace ModelRegistry.Gateway.Tests;

/// <summary>Named keys (<c>Gateway:Keys</c>): their model lists, rate limits and budgets, the admin read-out of what they
/// used and spent, and the unrestricted <c>Gateway:ApiKeys</c> beside them — over loopback with the official OpenAI client.</summary>
public sealed class KeysTests
{
    private const string AdminKey = "admin-secret-0001";
    private const string NonStreamed = "chat-completions/vllm-qwen3-8b-reasoning-content.json";
    private const string Streamed = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";
    private const string StreamedWithoutUsage = "chat-streaming/anthropic-openai-compat-tool-call-index-1.sse";

    // local:assistant's pricing (sample/Gateway/profiles/local.json), which its vLLM route inherits.
    private const decimal PromptPrice = 0.00000005m;
    private const decimal CompletionPrice = 0.0000002m;

    private static readonly ChatMessage[] Question = [new UserChatMessage("What is 5 factorial?")];

    // The recorded non-streamed answer reports 20 input and 491 output tokens; the streamed one 78 and 9.
    private static readonly decimal NonStreamedCost = 20 * PromptPrice + 491 * CompletionPrice;
    private static readonly decimal StreamedCost = 78 * PromptPrice + 9 * CompletionPrice;

    [Fact]
    public async Task A_key_outside_its_models_gets_403_model_not_allowed_and_lists_only_its_models()
    {
        using var gateway = new GatewayHost(null,
            ("Gateway:Keys:echo-only:Key", "sk-echo-only"),
            ("Gateway:Keys:echo-only:Models:0", "local:echo"),
            ("Gateway:Keys:everything:Key", "sk-everything"));

        Refusal refused = await RefusedAsync(() => gateway.Chat("local:assistant", "sk-echo-only").CompleteChatAsync([new UserChatMessage("ping")]));
        Refusal byAlias = await RefusedAsync(() => gateway.Chat("default", "sk-echo-only").CompleteChatAsync([new UserChatMessage("ping")]));
        ChatCompletion allowed = await gateway.Chat("local:echo", "sk-echo-only").CompleteChatAsync([new UserChatMessage("ping")]);

        Assert.Equal(403, refused.Status);
        Assert.Equal("model_not_allowed", refused.Code);
        Assert.Equal("model", refused.Error.GetProperty("param").GetString());
        Assert.Contains("local:echo", refused.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("model_not_allowed", byAlias.Code);
        Assert.Equal("Offline model echo heard: ping", allowed.Content[0].Text);
        Assert.Equal(["local:echo"], await ModelIdsAsync(gateway, "sk-echo-only"));
        Assert.Equal(["local:assistant", "local:echo"], await ModelIdsAsync(gateway, "sk-everything"));
    }

    [Fact]
    public async Task A_key_over_its_requests_per_minute_gets_429_with_retry_after_until_the_next_minute()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 10, 12, 0, 10, TimeSpan.Zero));
        using var gateway = new GatewayHost(null, ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:RequestsPerMinute", "2"))
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        ChatClient chat = gateway.Chat("local:echo", "sk-team");

        await chat.CompleteChatAsync([new UserChatMessage("one")]);
        await chat.CompleteChatAsync([new UserChatMessage("two")]);
        Refusal refused = await RefusedAsync(() => chat.CompleteChatAsync([new UserChatMessage("three")]));
        clock.Now = new DateTimeOffset(2025, 3, 10, 12, 1, 0, TimeSpan.Zero);
        ChatCompletion nextMinute = await chat.CompleteChatAsync([new UserChatMessage("four")]);

        Assert.Equal(429, refused.Status);
        Assert.Equal("rate_limit_exceeded", refused.Code);
        Assert.Equal("50", refused.RetryAfter);
        Assert.Equal("Offline model echo heard: four", nextMinute.Content[0].Text);
    }

    [Fact]
    public async Task A_key_over_its_tokens_per_minute_gets_429_once_the_real_usage_is_counted()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 10, 12, 0, 30, TimeSpan.Zero));
        using var gateway = new GatewayHost(null, ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:TokensPerMinute", "40"))
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        ChatClient chat = gateway.Chat("local:echo", "sk-team");
        string prompt = string.Concat(Enumerable.Repeat("ping ", 20));

        ChatCompletion first = await chat.CompleteChatAsync([new UserChatMessage(prompt)]);
        Refusal refused = await RefusedAsync(() => chat.CompleteChatAsync([new UserChatMessage("ping")]));

        // The first call's prompt alone is estimated near 30 tokens, within the limit; with its answer it used more than 40.
        Assert.True(first.Usage.TotalTokenCount > 40, $"The echo used {first.Usage.TotalTokenCount} tokens.");
        Assert.Equal(429, refused.Status);
        Assert.Equal("rate_limit_exceeded", refused.Code);
        Assert.Equal("30", refused.RetryAfter);
    }

    [Fact]
    public async Task A_key_over_its_daily_budget_after_a_priced_call_gets_429_budget_exceeded_until_midnight_utc()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(NonStreamed), Fixtures.Reply(NonStreamed));
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 10, 18, 0, 0, TimeSpan.Zero));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:BudgetUsd", "0.00005"), ("Gateway:Keys:team:BudgetPeriod", "day"))
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        ChatClient chat = gateway.Chat("local:assistant", "sk-team");

        await chat.CompleteChatAsync(Question);
        Refusal refused = await RefusedAsync(() => chat.CompleteChatAsync(Question));
        Assert.Single(vllm.Requests);
        clock.Now = new DateTimeOffset(2025, 3, 11, 0, 0, 1, TimeSpan.Zero);
        ChatCompletion nextDay = await chat.CompleteChatAsync(Question);

        Assert.Equal(429, refused.Status);
        Assert.Equal("budget_exceeded", refused.Code);
        Assert.Equal("insufficient_quota", refused.Error.GetProperty("type").GetString());
        Assert.Equal("21600", refused.RetryAfter);
        Assert.Contains("2025-03-11T00:00:00Z", refused.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(491, nextDay.Usage.OutputTokenCount);
        Assert.Equal(2, vllm.Requests.Count);
    }

    [Fact]
    public async Task A_streamed_priced_call_counts_toward_a_monthly_budget_with_retry_after_at_the_first_of_the_next_month()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(Streamed), Fixtures.Reply(Streamed));
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 2, 27, 12, 0, 0, TimeSpan.Zero));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:BudgetUsd", "0.000005"), ("Gateway:Keys:team:BudgetPeriod", "month"))
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        ChatClient chat = gateway.Chat("local:assistant", "sk-team");

        Assert.True(StreamedCost >= 0.000005m);
        string text = await StreamTextAsync(chat);
        Refusal refused = await RefusedAsync(() => StreamTextAsync(chat));
        clock.Now = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        string nextMonth = await StreamTextAsync(chat);

        Assert.False(string.IsNullOrEmpty(text));
        Assert.Equal(429, refused.Status);
        Assert.Equal("budget_exceeded", refused.Code);
        Assert.Equal((2 * 24 * 3600 - 12 * 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), refused.RetryAfter);
        Assert.Equal(text, nextMonth);
        Assert.Equal(2, vllm.Requests.Count);
    }

    [Fact]
    public async Task Estimated_usage_is_charged_as_estimated_and_a_total_budget_refuses_without_retry_after()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(StreamedWithoutUsage));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:Keys:team:BudgetUsd", "0.0000001"), ("Gateway:Keys:team:BudgetPeriod", "total"),
            ("Gateway:AdminKey", AdminKey));
        ChatClient chat = gateway.Chat("local:assistant", "sk-team");

        await StreamTextAsync(chat);
        Refusal refused = await RefusedAsync(() => chat.CompleteChatAsync(Question));
        JsonElement report = await AdminUsageAsync(gateway, "?period=total");

        Assert.Equal("budget_exceeded", refused.Code);
        Assert.Null(refused.RetryAfter);
        Assert.Contains("does not reset", refused.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        JsonElement team = Key(report, "team");
        JsonElement estimated = team.GetProperty("estimated");
        Assert.Equal(1, team.GetProperty("requests").GetInt64());
        Assert.Equal(1, estimated.GetProperty("requests").GetInt64());
        Assert.True(team.GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal(team.GetProperty("input_tokens").GetInt64(), estimated.GetProperty("input_tokens").GetInt64());
        Assert.Equal(team.GetProperty("output_tokens").GetInt64(), estimated.GetProperty("output_tokens").GetInt64());
        decimal cost = team.GetProperty("cost_usd").GetDecimal();
        Assert.Equal(team.GetProperty("input_tokens").GetInt64() * PromptPrice + team.GetProperty("output_tokens").GetInt64() * CompletionPrice, cost);
        Assert.Equal(cost, estimated.GetProperty("cost_usd").GetDecimal());
        JsonElement budget = team.GetProperty("budget");
        Assert.Equal(cost, budget.GetProperty("spent_usd").GetDecimal());
        Assert.Equal(cost, budget.GetProperty("estimated_spent_usd").GetDecimal());
        Assert.Equal(JsonValueKind.Null, budget.GetProperty("resets_at").ValueKind);
    }

    [Fact]
    public async Task The_admin_read_out_reports_usage_and_spend_per_key_model_and_route_as_the_calls_made_it()
    {
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(Fixtures.Reply(NonStreamed), Fixtures.Reply(Streamed));
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 15, 9, 30, 0, TimeSpan.Zero));
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:ApiKeys", "sk-open"),
            ("Gateway:Keys:team-a:Key", "sk-team-a"), ("Gateway:Keys:team-a:BudgetUsd", "1"),
            ("Gateway:Keys:team-b:Key", "sk-team-b"),
            ("Gateway:Keys:idle:Key", "sk-idle"),
            ("Gateway:AdminKey", AdminKey))
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        };

        ChatCompletion a = await gateway.Chat("local:assistant", "sk-team-a").CompleteChatAsync(Question);
        await StreamTextAsync(gateway.Chat("default", "sk-team-b"));
        ChatCompletion open = await gateway.Chat("local:echo", "sk-open").CompleteChatAsync([new UserChatMessage("ping")]);
        JsonElement day = await AdminUsageAsync(gateway, "?period=day");
        JsonElement span = await AdminUsageAsync(gateway, "?from=2025-06-15&to=2025-06-15");
        JsonElement before = await AdminUsageAsync(gateway, "?from=2025-06-01&to=2025-06-14");
        JsonElement month = await AdminUsageAsync(gateway, "");

        Assert.Equal("day", day.GetProperty("period").GetString());
        Assert.Equal("2025-06-15", day.GetProperty("from").GetString());
        Assert.Equal("month", month.GetProperty("period").GetString());
        Assert.Equal("2025-06-01", month.GetProperty("from").GetString());
        JsonElement teamA = Key(day, "team-a");
        Assert.Equal(1, teamA.GetProperty("requests").GetInt64());
        Assert.Equal(a.Usage.InputTokenCount, teamA.GetProperty("input_tokens").GetInt64());
        Assert.Equal(a.Usage.OutputTokenCount, teamA.GetProperty("output_tokens").GetInt64());
        Assert.Equal(511, teamA.GetProperty("total_tokens").GetInt64());
        Assert.Equal(NonStreamedCost, teamA.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(0, teamA.GetProperty("estimated").GetProperty("requests").GetInt64());
        Assert.Equal(NonStreamedCost, teamA.GetProperty("budget").GetProperty("spent_usd").GetDecimal());
        Assert.Equal(1 - NonStreamedCost, teamA.GetProperty("budget").GetProperty("remaining_usd").GetDecimal());
        Assert.Equal("2025-07-01T00:00:00Z", teamA.GetProperty("budget").GetProperty("resets_at").GetString());
        JsonElement teamB = Key(day, "team-b");
        Assert.Equal(87, teamB.GetProperty("total_tokens").GetInt64());
        Assert.Equal(StreamedCost, teamB.GetProperty("cost_usd").GetDecimal());
        Assert.False(teamB.TryGetProperty("budget", out _));
        JsonElement unrestricted = Key(day, null);
        Assert.Equal(1, unrestricted.GetProperty("requests").GetInt64());
        Assert.Equal(open.Usage.TotalTokenCount, unrestricted.GetProperty("total_tokens").GetInt64());
        Assert.Equal(0, Key(day, "idle").GetProperty("requests").GetInt64());

        JsonElement assistant = Single(day.GetProperty("models"), m => m.GetProperty("model").GetString() == "local:assistant");
        Assert.Equal(2, assistant.GetProperty("requests").GetInt64());
        Assert.Equal(NonStreamedCost + StreamedCost, assistant.GetProperty("cost_usd").GetDecimal());
        JsonElement vllmRoute = Single(day.GetProperty("routes"), r => r.GetProperty("route").GetString() == "vllm");
        Assert.Equal("local:assistant", vllmRoute.GetProperty("model").GetString());
        Assert.Equal(511 + 87, vllmRoute.GetProperty("total_tokens").GetInt64());
        JsonElement echoRoute = Single(day.GetProperty("routes"), r => r.GetProperty("model").GetString() == "local:echo");
        Assert.Equal("local", echoRoute.GetProperty("route").GetString());
        Assert.Equal(3, day.GetProperty("usage").GetArrayLength());
        Assert.Equal(3, day.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(NonStreamedCost + StreamedCost, day.GetProperty("totals").GetProperty("cost_usd").GetDecimal());
        Assert.Equal(day.GetProperty("totals").ToString(), span.GetProperty("totals").ToString());
        Assert.Equal(day.GetProperty("totals").ToString(), month.GetProperty("totals").ToString());
        Assert.Equal(0, before.GetProperty("totals").GetProperty("requests").GetInt64());
    }

    [Theory]
    [InlineData(null, 401, "invalid_api_key")]
    [InlineData("not-a-key", 401, "invalid_api_key")]
    [InlineData("sk-team", 403, "admin_key_required")]
    [InlineData("sk-open", 403, "admin_key_required")]
    public async Task The_admin_read_out_refuses_anything_but_the_admin_key_with_an_OpenAI_error(string? key, int status, string code)
    {
        using var gateway = new GatewayHost(null, ("Gateway:ApiKeys", "sk-open"), ("Gateway:Keys:team:Key", "sk-team"), ("Gateway:AdminKey", AdminKey));
        using HttpClient http = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/usage?period=day");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task The_admin_read_out_is_not_served_without_an_admin_key_and_refuses_a_bad_period()
    {
        using var withoutAdmin = new GatewayHost(null, ("Gateway:Keys:team:Key", "sk-team"));
        using HttpClient http = withoutAdmin.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/usage");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-team");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);

        using var gateway = new GatewayHost(null, ("Gateway:AdminKey", AdminKey));
        foreach (string query in new[] { "?period=week", "?from=2025-06-02&to=2025-06-01", "?from=2025-06-01", "?period=day&from=2025-06-01&to=2025-06-02" })
        {
            using HttpResponseMessage response = await Admin(gateway, query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_period", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        // With only an admin key, /v1 stays open as before.
        ChatCompletion open = await gateway.Chat("local:echo").CompleteChatAsync([new UserChatMessage("ping")]);
        Assert.Equal("Offline model echo heard: ping", open.Content[0].Text);
    }

    [Fact]
    public async Task Unrestricted_api_keys_keep_every_model_and_no_limit_beside_named_keys()
    {
        using var gateway = new GatewayHost(null,
            ("Gateway:ApiKeys", "sk-open-1,sk-open-2"),
            ("Gateway:Keys:small:Key", "sk-small"), ("Gateway:Keys:small:Models", "local:echo"), ("Gateway:Keys:small:RequestsPerMinute", "1"));

        for (int i = 0; i < 3; i++)
        {
            ChatCompletion answer = await gateway.Chat("local:echo", "sk-open-2").CompleteChatAsync([new UserChatMessage("ping")]);
            Assert.Equal("Offline model echo heard: ping", answer.Content[0].Text);
        }

        await gateway.Chat("local:echo", "sk-small").CompleteChatAsync([new UserChatMessage("ping")]);
        Refusal limited = await RefusedAsync(() => gateway.Chat("local:echo", "sk-small").CompleteChatAsync([new UserChatMessage("ping")]));
        Refusal wrong = await RefusedAsync(() => gateway.Chat("local:echo", "sk-nope").CompleteChatAsync([new UserChatMessage("ping")]));

        Assert.Equal(["local:assistant", "local:echo"], await ModelIdsAsync(gateway, "sk-open-1"));
        Assert.Equal(["local:echo"], await ModelIdsAsync(gateway, "sk-small"));
        Assert.Equal(429, limited.Status);
        Assert.Equal(401, wrong.Status);
        Assert.Equal("invalid_api_key", wrong.Code);
    }

    [Fact]
    public async Task No_key_value_appears_in_a_log_line_an_error_or_health()
    {
        const string Secret = "sk-very-secret-value-42";
        await using LoopbackProviderServer vllm = await LoopbackProviderServer.StartAsync(new ServerReply(500, "application/json", """{"error":{"message":"boom"}}"""u8.ToArray()));
        var logs = new CapturingLoggerProvider();
        using var gateway = new GatewayHost(GatewayHost.Upstreams(vllm.Endpoint),
            ("Gateway:Keys:team:Key", Secret), ("Gateway:Keys:team:Models", "local:assistant"), ("Gateway:Keys:team:RequestsPerMinute", "1"),
            ("Gateway:AdminKey", AdminKey), ("Logging:LogLevel:Default", "Trace"))
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        ChatClient chat = gateway.Chat("local:assistant", Secret);

        Refusal failed = await RefusedAsync(() => chat.CompleteChatAsync(Question));
        Refusal notAllowed = await RefusedAsync(() => gateway.Chat("local:echo", Secret).CompleteChatAsync(Question));
        Refusal limited = await RefusedAsync(() => chat.CompleteChatAsync(Question));
        using HttpClient http = gateway.CreateClient();
        string health = await http.GetStringAsync("/health");
        string report = (await AdminUsageAsync(gateway, "?period=total")).ToString();

        Assert.InRange(failed.Status, 500, 599);
        Assert.Equal(403, notAllowed.Status);
        Assert.Equal(429, limited.Status);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, line => line.Contains("local:assistant", StringComparison.Ordinal));
        foreach (string text in logs.Lines.Concat([health, report, failed.Error.ToString(), notAllowed.Error.ToString(), limited.Error.ToString()]))
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(AdminKey, text, StringComparison.Ordinal);
        }
    }

    private static async Task<string> StreamTextAsync(ChatClient chat)
    {
        var text = new System.Text.StringBuilder();
        await foreach (StreamingChatCompletionUpdate update in chat.CompleteChatStreamingAsync(Question))
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        return text.ToString();
    }

    private static async Task<List<string>> ModelIdsAsync(GatewayHost gateway, string key)
    {
        var models = new OpenAIModelClient(new ApiKeyCredential(key), gateway.Options());
        OpenAIModelCollection list = await models.GetModelsAsync();
        return [.. list.Select(m => m.Id)];
    }

    private static async Task<HttpResponseMessage> Admin(GatewayHost gateway, string query)
    {
        using HttpClient http = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/usage" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> AdminUsageAsync(GatewayHost gateway, string query)
    {
        using HttpResponseMessage response = await Admin(gateway, query);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Key(JsonElement report, string? name) =>
        Single(report.GetProperty("keys"), k => k.GetProperty("key").GetString() == name);

    private static JsonElement Single(JsonElement array, Func<JsonElement, bool> match) => Assert.Single(array.EnumerateArray(), e => match(e));

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
