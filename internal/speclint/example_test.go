package speclint_test

import (
	"fmt"

	"github.com/cdpkit/cdpkit/internal/speclint"
)

// A document with an operation that has no operationId and sends the API
// key as a header parameter, and whose example does not match its schema.
const exampleDoc = `openapi: 3.0.3
info: {title: Demo, version: "1", description: A demo API.}
servers: [{url: "https://api.acme.test"}]
security: [{bearer: []}]
tags: [{name: Users, description: People.}]
paths:
  /users:
    post:
      summary: Create a user
      description: Creates a user.
      tags: [Users]
      parameters:
        - {name: X-API-Key, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/User"}
            example: {id: 7}
      responses:
        "201": {description: Created.}
        "400": {$ref: "#/components/responses/Error"}
        default: {$ref: "#/components/responses/Error"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  responses:
    Error:
      description: Any error.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    User:
      type: object
      description: A user.
      properties:
        id: {type: string}
    Error:
      type: object
      description: An error.
      properties:
        message: {type: string}
`

func ExampleLint() {
	for _, f := range speclint.Lint("demo.yaml", []byte(exampleDoc)) {
		fmt.Println(f.Pointer, f.Rule)
	}
	// Output:
	// /paths/~1users/post operation-id
	// /paths/~1users/post/parameters/0 auth-header-param
	// /paths/~1users/post/requestBody/content/application~1json/example/id example-schema
}

func ExampleValidate() {
	// Validate applies only the validate-stage rules.
	for _, f := range speclint.Validate("demo.yaml", []byte(exampleDoc)) {
		fmt.Println(f)
	}
	// Output:
	// demo.yaml: /paths/~1users/post/requestBody/content/application~1json/example/id: example-schema: example does not validate against the schema #/components/schemas/User: value must be a string; fix the example or the schema
}
