namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// A parameter of the user's iterator method, repeated on the generated method and hoisted into the
    /// state machine. <see cref="Declaration"/> is the full text for the generated method's parameter list
    /// (attributes, <c>params</c>/<c>this</c>, type, name, default value); <see cref="FieldName"/> is the
    /// hoisted field.
    /// </summary>
    internal sealed record ParameterModel(string Declaration, string Name, string Type, string FieldName);
}
