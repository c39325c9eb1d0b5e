namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// One type around the method, outermost first, as it must be re-declared in the generated file:
    /// for example <c>Keyword = "partial class"</c>, <c>NameWithTypeParameters = "Cache&lt;TKey&gt;"</c>.
    /// </summary>
    internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);
}
