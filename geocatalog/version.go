package geocatalog

// moduleName is the name the telemetry policy puts in the User-Agent header
// ("azsdk-go-geocatalog/<version>").
const moduleName = "geocatalog"

// ModuleVersion is the version of this SDK, sent in the User-Agent header of
// every request. It must have the form vMAJOR.MINOR.PATCH[-pre].
const ModuleVersion = "v0.1.0"
