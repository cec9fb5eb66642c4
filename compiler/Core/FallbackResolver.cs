using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelRegistry.Compiler;

/// <summary>
/// The cross-file rule of <c>fallbacks</c> (MR0023), run by <see cref="RegistryBuilder"/> once every provider's models
/// are known: each written fallback becomes a canonical <c>provider:model</c> id (a bare id is a model of the same
/// provider; an alias names its model); one naming an undeclared provider, a model its provider's profiles do not list,
/// or the model itself is dropped; then every fallback that closes a cycle (a chain of fallbacks back to a model on it)
/// is dropped, so that the emitted graph has none. A provider without profiles (a built-in such as <c>openai</c>)
/// accepts any model id, as <c>LoadChatModel</c> does. An embedding model keeps no fallbacks (MR0030: another model's
/// vectors would not compare with those already stored), and a chat model cannot fall back to an embedding model (MR0023).
/// </summary>
internal static class FallbackResolver
{
    public static void Resolve(
        IReadOnlyList<(ProviderSource Source, List<(ModelSpec Model, ProfileFileSpec File)> Models)> providers, RegistryDropReporter? reporter)
    {
        var byProvider = new Dictionary<string, (ProviderSpec Provider, Dictionary<string, string> Names)>(StringComparer.OrdinalIgnoreCase);
        var embeddingModels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((ProviderSource source, List<(ModelSpec Model, ProfileFileSpec File)> models) in providers)
        {
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach ((ModelSpec model, _) in models)
            {
                names[model.Id] = model.Id;
                if (ProfileSchema.IsEmbedding(model))
                {
                    embeddingModels.Add(source.Provider.Name + ":" + model.Id);
                }

                foreach (string alias in model.Aliases)
                {
                    names[alias] = model.Id;
                }
            }

            byProvider[source.Provider.Name] = (source.Provider, names);
        }

        // Written fallbacks to canonical ids, with their positions as written (the diagnostics' locations).
        var edges = new Dictionary<string, List<(string Target, int Index)>>(StringComparer.OrdinalIgnoreCase);
        var owners = new Dictionary<string, (ProfileFileSpec File, ModelSpec Model)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach ((ProviderSource source, List<(ModelSpec Model, ProfileFileSpec File)> models) in providers)
        {
            foreach ((ModelSpec model, ProfileFileSpec file) in models)
            {
                string self = source.Provider.Name + ":" + model.Id;
                owners[self] = (file, model);
                order.Add(self);
                var targets = new List<(string, int)>();
                edges[self] = targets;
                if (model.Fallbacks is not { } fallbacks)
                {
                    continue;
                }

                if (embeddingModels.Contains(self))
                {
                    for (int i = 0; i < fallbacks.Count; i++)
                    {
                        reporter?.EmbeddingFallback(file, model, i);
                    }

                    continue;
                }

                for (int i = 0; i < fallbacks.Count; i++)
                {
                    string written = fallbacks[i];
                    int colon = written.IndexOf(':');
                    string providerName = colon < 0 ? source.Provider.Name : written.Substring(0, colon);
                    string modelName = colon < 0 ? written : written.Substring(colon + 1);
                    if (!byProvider.TryGetValue(providerName, out (ProviderSpec Provider, Dictionary<string, string> Names) target))
                    {
                        reporter?.InvalidFallback(file, model, i, written, $"names the undeclared provider '{providerName}'",
                            "declare the provider, or write the fallback as 'provider:model' with a declared one");
                        continue;
                    }

                    string? canonicalModel = target.Names.TryGetValue(modelName, out string? id) ? id : target.Names.Count == 0 ? modelName : null;
                    if (canonicalModel is null)
                    {
                        reporter?.InvalidFallback(file, model, i, written, $"names no model of provider '{target.Provider.Name}'",
                            $"use a model id or alias of its profiles ({string.Join(", ", target.Names.Keys.OrderBy(n => n, StringComparer.Ordinal).Take(8))})");
                        continue;
                    }

                    string canonical = target.Provider.Name + ":" + canonicalModel;
                    if (string.Equals(canonical, self, StringComparison.OrdinalIgnoreCase))
                    {
                        reporter?.InvalidFallback(file, model, i, written, "is the model itself", "name another model");
                        continue;
                    }

                    if (embeddingModels.Contains(canonical))
                    {
                        reporter?.InvalidFallback(file, model, i, written, "is an embedding model, which answers no chat call", "name a chat model");
                        continue;
                    }

                    if (targets.Any(t => string.Equals(t.Item1, canonical, StringComparison.OrdinalIgnoreCase)))
                    {
                        reporter?.InvalidFallback(file, model, i, written, "is named twice", "remove the second one");
                        continue;
                    }

                    targets.Add((canonical, i));
                }
            }
        }

        DropCycles(order, edges, owners, reporter);

        foreach ((ProviderSource source, List<(ModelSpec Model, ProfileFileSpec File)> models) in providers)
        {
            for (int m = 0; m < models.Count; m++)
            {
                (ModelSpec model, ProfileFileSpec file) = models[m];
                if (model.Fallbacks is null)
                {
                    continue;
                }

                List<(string Target, int Index)> kept = edges[source.Provider.Name + ":" + model.Id];
                models[m] = (model with { Fallbacks = kept.Select(t => t.Target).ToImmutableEquatableArray() }, file);
            }
        }
    }

    /// <summary>Depth-first from every model in order; a fallback leading to a model on the current chain is dropped.</summary>
    private static void DropCycles(
        List<string> order, Dictionary<string, List<(string Target, int Index)>> edges,
        Dictionary<string, (ProfileFileSpec File, ModelSpec Model)> owners, RegistryDropReporter? reporter)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var chain = new List<string>();
        foreach (string start in order)
        {
            Visit(start);
        }

        void Visit(string node)
        {
            if (done.Contains(node) || !edges.TryGetValue(node, out List<(string Target, int Index)>? targets))
            {
                return;
            }

            chain.Add(node);
            for (int i = 0; i < targets.Count; i++)
            {
                (string target, int index) = targets[i];
                int onChain = chain.FindIndex(c => string.Equals(c, target, StringComparison.OrdinalIgnoreCase));
                if (onChain >= 0)
                {
                    (ProfileFileSpec file, ModelSpec model) = owners[node];
                    string cycle = string.Join(" -> ", chain.Skip(onChain).Concat(new[] { target }));
                    reporter?.InvalidFallback(file, model, index, model.Fallbacks![index], $"leads back to a model on its own chain ({cycle})",
                        "remove one fallback of the cycle");
                    targets.RemoveAt(i--);
                    continue;
                }

                Visit(target);
            }

            chain.RemoveAt(chain.Count - 1);
            done.Add(node);
        }
    }
}
