module github.com/plaid-emulator/plaid-emulator

go 1.26

require (
	github.com/brianvoe/gofakeit/v7 v7.18.1
	github.com/google/uuid v1.6.0
	github.com/gorilla/mux v1.8.1
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/kr/text v0.2.0 // indirect
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c // indirect
)
