import HummingbirdTesting
import Testing
@testable import LinliStudio
