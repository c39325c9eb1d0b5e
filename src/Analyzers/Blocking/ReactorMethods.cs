using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// Decides from its declaration alone whether a method runs on the reactor thread: an
/// <c>async Deferred</c> method, an <c>[InlineCallbacks]</c> method, a <c>[RunsOnReactor]</c> method or
/// a method of a <c>[RunsOnReactor]</c> type, or a method of a protocol or factory type (a type that
/// overrides or implements one of Torsion's protocol event methods: <c>DataReceived</c>,
/// <c>ConnectionMade</c>, <c>BuildProtocol</c> ...). One instance per compilation; thread-safe.
/// </summary>
internal sealed class ReactorMethods
{
    /// <summary>Event methods that the reactor calls on protocols and factories.</summary>
    private static readonly HashSet<string> s_protocolEventMethods = new()
    {
        "DataReceived", "ConnectionMade", "ConnectionLost", "LineReceived", "RawDataReceived",
        "StringReceived", "DatagramReceived", "BuildProtocol", "StartFactory", "StopFactory",
        "ClientConnectionFailed", "ClientConnectionLost", "StartedConnecting",
        "ReadConnectionLost", "WriteConnectionLost",
        "LineLengthExceeded", "LengthLimitExceeded",
    };

    private readonly ConcurrentDictionary<INamedTypeSymbol, string?> _protocolTypes = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol? _runsOnReactor;

    public ReactorMethods(Compilation compilation)
    {
        _runsOnReactor = compilation.GetTypeByMetadataName(TorsionSymbols.RunsOnReactorAttribute);
    }

    /// <summary>Why <paramref name="method"/> runs on the reactor thread, or null when its declaration does not say.</summary>
    public string? Describe(IMethodSymbol method)
    {
        string name = DisplayName(method);
        if (method.IsAsync && TorsionSymbols.IsDeferred(method.ReturnType))
        {
            return "async Deferred method '" + name + "'";
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "InlineCallbacksAttribute" } type && TorsionSymbols.InTorsion(type))
            {
                return "[InlineCallbacks] method '" + name + "'";
            }

            if (_runsOnReactor is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _runsOnReactor))
            {
                return "[RunsOnReactor] method '" + name + "'";
            }
        }

        if (method.MethodKind == MethodKind.LocalFunction || method.ContainingType is not { } containing)
        {
            return null;
        }

        if (_runsOnReactor is not null && ReactorApis.HasAttribute(containing, _runsOnReactor))
        {
            return "method '" + name + "' of [RunsOnReactor] type '" + containing.Name + "'";
        }

        if (!method.IsStatic && ProtocolEvent(containing) is { } overridden)
        {
            return "method '" + name + "' of '" + containing.Name + "' (a type that handles reactor events: it overrides " + overridden + ")";
        }

        return null;
    }

    /// <summary>A method's name as a chain shows it (a property accessor by its property's name).</summary>
    public static string DisplayName(IMethodSymbol method)
        => method.AssociatedSymbol is { } associated ? associated.Name
            : method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name
            : method.Name;

    /// <summary>The protocol event method that <paramref name="type"/> (or a base type outside Torsion) overrides or implements, or null.</summary>
    private string? ProtocolEvent(INamedTypeSymbol type) => _protocolTypes.GetOrAdd(type.OriginalDefinition, FindProtocolEvent);

    private static string? FindProtocolEvent(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null && !TorsionSymbols.InTorsion(current); current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member is IMethodSymbol { IsStatic: false } method && s_protocolEventMethods.Contains(method.Name)
                    && (OverridesTorsion(method) || ImplementsTorsion(current, method)))
                {
                    return method.Name;
                }
            }
        }

        return null;
    }

    private static bool OverridesTorsion(IMethodSymbol method)
    {
        for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (TorsionSymbols.InTorsion(overridden.ContainingType))
            {
                return true;
            }
        }

        foreach (IMethodSymbol explicitly in method.ExplicitInterfaceImplementations)
        {
            if (TorsionSymbols.InTorsion(explicitly.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsTorsion(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (!TorsionSymbols.InTorsion(implemented))
            {
                continue;
            }

            foreach (ISymbol member in implemented.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
