global using GoModules.TestUtilities;
global using GoModules.TestUtilities.Interop;
global using GoModules.TestUtilities.Servers;
global using NUnit.Framework;
