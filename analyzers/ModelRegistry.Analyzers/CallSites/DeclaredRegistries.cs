using System.Threading;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The registries the call-site rules check against, as the compilation's one <see cref="RegistryCompilationModel"/>
/// built them (the same merge the generator emits, built-ins included). <see cref="InCompilation"/> is every registry
/// class the compilation declares, for ids that name no registry class (the keys of keyed services).
/// </summary>
internal sealed class DeclaredRegistries
{
    private readonly RegistryCompilationModel _model;
    private readonly CancellationToken _cancellationToken;

    public DeclaredRegistries(RegistryCompilationModel model, CancellationToken cancellationToken)
    {
        _model = model;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Every registry class declared in the compilation's source, as one (<see cref="RegistryIndex.Combine"/>), or
    /// <see langword="null"/> when it declares none.</summary>
    public RegistryIndex? InCompilation => _model.Registries(_cancellationToken).InCompilation;

    /// <summary>The registry <paramref name="type"/> declares, or <see langword="null"/> when it is no registry class.</summary>
    public RegistryIndex? Find(INamedTypeSymbol type) => _model.Find(type, _cancellationToken);
}
