using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// Knows which APIs run the code passed to them on the reactor thread (Torsion's Deferred callback
/// methods, timed calls, looping calls, cooperators ...), and which run it on another thread
/// (<c>DeferToThread</c>, <c>Task.Run</c> ...). Besides the built-in lists: a parameter marked
/// <c>[RunsOnReactor]</c>, and the APIs declared in an additional file (<see cref="UserAnalysisData"/>).
/// </summary>
internal sealed class ReactorApis
{
    /// <summary>Methods of Torsion's types whose delegate (or iterator) arguments run on the reactor thread.</summary>
    private static readonly HashSet<string> s_torsionReactorMethods = new()
    {
        "AddCallback", "AddCallbacks", "AddErrback", "AddBoth", "AddFinally",
        "CallLater", "ScheduleCall", "CallWhenRunning", "CallFromThread", "AddSystemEventTrigger",
        "DeferLater", "AddTimeout", "WithCount", "BlockingCallFromThread",
        "Cooperate", "CoIterate",

        // Networking: a factory calls its protocol-making delegate in BuildProtocol, on the reactor.
        "ForProtocol", "Connect",
    };

    /// <summary>Properties of Torsion's types whose delegate value runs on the reactor thread (<c>Factory.Protocol</c>).</summary>
    private static readonly HashSet<string> s_torsionReactorProperties = new() { "Protocol" };

    /// <summary>Methods named <c>Run</c>/<c>RunTask</c> that run their argument on the reactor, by declaring type.</summary>
    private static readonly HashSet<string> s_torsionRunTypes = new()
    {
        "React", "InlineCallbacks", "DeferredConcurrencyPrimitive", "DeferredLock", "DeferredSemaphore",
    };

    /// <summary>Torsion types whose constructors' delegate arguments run on the reactor (a looping call, a canceller, a cooperator's scheduler).</summary>
    private static readonly HashSet<string> s_torsionReactorConstructors = new()
    {
        "LoopingCall", "Deferred", "Cooperator",

        // Networking: the protocol factory of a ClientCreator (called in BuildProtocol) and an
        // IdleTimeout's timeout action (a timed call) run on the reactor.
        "ClientCreator", "IdleTimeout",
    };

    /// <summary>Methods of Torsion's types that run their delegate on a thread pool.</summary>
    private static readonly HashSet<string> s_torsionThreadMethods = new()
    {
        "DeferToThread", "DeferToThreadPool", "CallInThread", "CallMultipleInThread",
    };

    /// <summary>.NET methods (type metadata name, method name) that run their delegate on another thread.</summary>
    private static readonly (string Type, string Method)[] s_dotnetThreadMethods =
    {
        ("System.Threading.Tasks.Task", "Run"),
        ("System.Threading.Tasks.TaskFactory", "StartNew"),
        ("System.Threading.Tasks.TaskFactory`1", "StartNew"),
        ("System.Threading.ThreadPool", "QueueUserWorkItem"),
        ("System.Threading.ThreadPool", "UnsafeQueueUserWorkItem"),
        ("System.Threading.Tasks.Parallel", "For"),
        ("System.Threading.Tasks.Parallel", "ForEach"),
        ("System.Threading.Tasks.Parallel", "Invoke"),
        ("System.Threading.Thread", ".ctor"),
        ("System.Threading.Timer", ".ctor"),
    };

    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _dotnetThreadMethods = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol? _runsOnReactor;
    private readonly UserAnalysisData _user;

    public ReactorApis(Compilation compilation, UserAnalysisData user)
    {
        foreach ((string typeName, string method) in s_dotnetThreadMethods)
        {
            if (compilation.GetTypeByMetadataName(typeName) is { } type)
            {
                if (!_dotnetThreadMethods.TryGetValue(type, out HashSet<string>? names))
                {
                    names = new HashSet<string>();
                    _dotnetThreadMethods.Add(type, names);
                }

                names.Add(method);
            }
        }

        _runsOnReactor = compilation.GetTypeByMetadataName(TorsionSymbols.RunsOnReactorAttribute);
        _user = user;
    }

    /// <summary>Where code passed to <paramref name="parameter"/> of <paramref name="method"/> runs.</summary>
    public ArgumentRole RoleOf(IMethodSymbol method, IParameterSymbol? parameter)
    {
        IMethodSymbol declared = (method.ReducedFrom ?? method).OriginalDefinition;
        if (parameter is not null && _runsOnReactor is not null && HasAttribute(parameter.OriginalDefinition, _runsOnReactor))
        {
            return ArgumentRole.Reactor;
        }

        if (parameter is not null && !CarriesCode(parameter.Type))
        {
            return ArgumentRole.None;
        }

        ArgumentRole user = _user.RoleOf(declared);
        if (user != ArgumentRole.None)
        {
            return user;
        }

        INamedTypeSymbol type = declared.ContainingType;
        if (TorsionSymbols.InTorsion(type))
        {
            if (declared.MethodKind == MethodKind.Constructor)
            {
                return s_torsionReactorConstructors.Contains(type.Name) ? ArgumentRole.Reactor : ArgumentRole.None;
            }

            if (s_torsionReactorMethods.Contains(declared.Name))
            {
                return ArgumentRole.Reactor;
            }

            if (declared.Name is "Run" or "RunTask" && s_torsionRunTypes.Contains(type.Name))
            {
                return ArgumentRole.Reactor;
            }

            if (s_torsionThreadMethods.Contains(declared.Name))
            {
                return ArgumentRole.OffReactor;
            }

            return ArgumentRole.None;
        }

        return _dotnetThreadMethods.TryGetValue(type, out HashSet<string>? names) && names.Contains(declared.Name)
            ? ArgumentRole.OffReactor
            : ArgumentRole.None;
    }

    /// <summary>True when a delegate assigned to <paramref name="property"/> runs on the reactor thread (<c>Factory.Protocol</c>).</summary>
    public bool RunsOnReactor(IPropertySymbol property)
        => property.Type.TypeKind == TypeKind.Delegate
            && s_torsionReactorProperties.Contains(property.Name)
            && TorsionSymbols.InTorsion(property.OriginalDefinition.ContainingType);

    /// <summary>True for a delegate type, or a sequence/iterator type (a cooperator drives iterators).</summary>
    private static bool CarriesCode(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Delegate or TypeKind.TypeParameter)
        {
            return true;
        }

        if (type.SpecialType is SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_IEnumerator
            || type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IEnumerator_T)
        {
            return true;
        }

        return type.SpecialType == SpecialType.System_Object || type.SpecialType == SpecialType.System_Delegate;
    }

    /// <summary>True when <paramref name="symbol"/> carries the attribute <paramref name="attribute"/>.</summary>
    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }
}
