import Testing
@testable import Linli
@Test func registryHasNoDuplicates() { #expect(ParameterRegistry.byKey.count == ParameterRegistry.all.count) }
