namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// Everything the emitter needs to write the generated method and its state machine for one
    /// <c>[InlineCallbacks]</c> iterator. Only strings and equatable collections: no syntax, no symbols.
    /// </summary>
    /// <param name="HintName">The generated file's name.</param>
    /// <param name="Usings">The using directives of the user's file, to resolve the copied code the same way.</param>
    /// <param name="NamespaceUsings">The using directives inside the user's namespace declarations.</param>
    /// <param name="Namespace">The namespace of the outermost containing type, or null for the global namespace.</param>
    /// <param name="ContainingTypes">The partial types to re-open, outermost first.</param>
    /// <param name="UserMethodName">The iterator method the user wrote.</param>
    /// <param name="UserMethodSignature">The iterator's signature, for the documentation comment.</param>
    /// <param name="GeneratedName">The generated method's name (by default the user's name plus <c>Async</c>).</param>
    /// <param name="Modifiers">The generated method's modifiers (accessibility, <c>static</c>, <c>unsafe</c>).</param>
    /// <param name="IsStatic">Whether the user's method is static (no <c>this</c> to carry).</param>
    /// <param name="ContainingTypeName">The innermost containing type as written inside itself (with type parameters).</param>
    /// <param name="TypeParameters">The method's type parameter list, e.g. <c>&lt;T&gt;</c>, or empty.</param>
    /// <param name="ConstraintClauses">The method's constraint clauses as written, or empty.</param>
    /// <param name="ResultType">The <c>T</c> of the returned <c>Deferred&lt;T&gt;</c>, or null for an untyped <c>Deferred</c>.</param>
    /// <param name="MachineName">The nested state machine class's name.</param>
    /// <param name="BodyMethodName">The name of the method holding the rewritten body.</param>
    /// <param name="Parameters">The method's parameters.</param>
    /// <param name="Fields">The hoisted locals and temporaries.</param>
    /// <param name="BodyLines">The rewritten body, one line each, indentation relative to the body.</param>
    /// <param name="StateCount">How many resume states the body has.</param>
    /// <param name="SourceFile">The user's file (for comments).</param>
    /// <param name="SourceLine">The 1-based line of the user's method.</param>
    /// <param name="EntryLineDirective">
    /// A <c>#line</c> naming the line of the body's opening brace in the user's file: it maps the body
    /// method's entry, where .NET places the frame of a method whose finally block throws.
    /// </param>
    internal sealed record MethodModel(
        string HintName,
        EquatableArray<string> Usings,
        EquatableArray<string> NamespaceUsings,
        string? Namespace,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string UserMethodName,
        string UserMethodSignature,
        string GeneratedName,
        string Modifiers,
        bool IsStatic,
        string ContainingTypeName,
        string TypeParameters,
        string ConstraintClauses,
        string? ResultType,
        string MachineName,
        string BodyMethodName,
        EquatableArray<ParameterModel> Parameters,
        EquatableArray<FieldModel> Fields,
        EquatableArray<string> BodyLines,
        int StateCount,
        string SourceFile,
        int SourceLine,
        string EntryLineDirective);
}
