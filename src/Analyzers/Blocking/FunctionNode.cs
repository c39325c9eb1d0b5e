using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// One function of the program as the blocking analysis sees it: a method, a local function or a
/// lambda, with the blocking calls written in it and the calls it makes to the compilation's own
/// methods. Built by <see cref="BodyScanner"/> from one operation block; read by <see cref="ReactorGraph"/>.
/// </summary>
internal sealed class FunctionNode
{
    public FunctionNode(ISymbol symbol, FunctionNode? parent, string name)
    {
        Symbol = symbol;
        Parent = parent;
        Name = name;
    }

    /// <summary>The method, local function or lambda symbol (the owning member for an initializer).</summary>
    public ISymbol Symbol { get; }

    /// <summary>The function this one is written in (null for a member).</summary>
    public FunctionNode? Parent { get; }

    /// <summary>The name used in a chain of calls (<c>LoadConfig</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// Why this function runs on the reactor thread, known from its own declaration or the place it is
    /// written ("a delegate given to AddCallback", "[InlineCallbacks] method 'Fetch'"); null otherwise.
    /// </summary>
    public string? Reason { get; set; }

    /// <summary>True when the function is given to an API that runs it on another thread (DeferToThread, Task.Run ...).</summary>
    public bool OffReactor { get; set; }

    /// <summary>
    /// True when this lambda runs as part of its parent (given to an ordinary method such as
    /// <c>List.ForEach</c>, or kept in a local and called): it inherits the parent's thread, and its
    /// blocking calls are its parent's. False for a member, a local function (it runs where it is
    /// called), and a lambda stored in a field or returned.
    /// </summary>
    public bool Inline { get; set; }

    /// <summary>True for a local function: it runs on its parent's thread unless given elsewhere.</summary>
    public bool IsLocalFunction { get; set; }

    /// <summary>The blocking calls written directly in this function.</summary>
    public List<BlockingSite> Sites { get; } = new();

    /// <summary>The calls to the compilation's own methods and local functions.</summary>
    public List<CallSite> Calls { get; } = new();

    /// <summary>The lambdas that run as part of this function (<see cref="Inline"/>).</summary>
    public List<FunctionNode> InlineChildren { get; } = new();
}

/// <summary>A blocking call written in a function.</summary>
internal sealed class BlockingSite
{
    public BlockingSite(Location location, string member, bool afterConfigureAwaitFalse)
    {
        Location = location;
        Member = member;
        AfterConfigureAwaitFalse = afterConfigureAwaitFalse;
    }

    /// <summary>Where the call is.</summary>
    public Location Location { get; }

    /// <summary>The blocking member as shown to the user (<c>File.ReadAllText</c>).</summary>
    public string Member { get; }

    /// <summary>True when the call runs after an <c>await ....ConfigureAwait(false)</c>: on the thread pool.</summary>
    public bool AfterConfigureAwaitFalse { get; }
}

/// <summary>A call from one function to a method or local function of the same compilation.</summary>
internal sealed class CallSite
{
    public CallSite(ISymbol callee, Location location, bool afterConfigureAwaitFalse)
    {
        Callee = callee;
        Location = location;
        AfterConfigureAwaitFalse = afterConfigureAwaitFalse;
    }

    /// <summary>The called method (its original definition).</summary>
    public ISymbol Callee { get; }

    /// <summary>Where the call is.</summary>
    public Location Location { get; }

    /// <summary>True when the call runs after an <c>await ....ConfigureAwait(false)</c>: on the thread pool.</summary>
    public bool AfterConfigureAwaitFalse { get; }
}
