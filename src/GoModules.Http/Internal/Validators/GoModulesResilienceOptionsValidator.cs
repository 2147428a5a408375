using Microsoft.Extensions.Options;

namespace GoModules.Http.Internal.Validators;

/// <summary>The generated validator of the <see cref="System.ComponentModel.DataAnnotations"/> rules on <see cref="GoModulesResilienceOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class GoModulesResilienceOptionsValidator : IValidateOptions<GoModulesResilienceOptions>
{
}
