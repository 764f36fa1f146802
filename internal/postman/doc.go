// Package postman converts a Postman collection into an OpenAPI 3.0.3
// draft, the first step of writing one of cdpkit's specs/*.yaml by hand.
// `specgen convert postman` is its command-line front end.
//
// It reads collection format v2.0 and v2.1 JSON, and the envelope a
// published Postman documentation page serves ({"collection": ...,
// "environments": [...]}), with encoding/json into small typed structs:
// no Postman library is available from the module proxy.
//
// The mapping:
//
//   - info.name, info.description → info.title, info.description; a
//     documenter export's public URL → externalDocs.
//   - the URL base the requests share ({{api_url}}) → servers, resolved
//     through the collection variables and each environment; variables
//     without a usable value stay server {variables} whose default shows
//     what Postman holds, e.g. https://{subdomain}.userlot.app.
//   - auth blocks (apikey, bearer, basic, noauth), credential headers and
//     credential cookies (Cookie: token={{access_token}} → apiKey in:
//     cookie) → components.securitySchemes and security; requests that
//     send no credentials get security: []. When neither exists, a secret
//     variable plus a header the description names gives an x-unverified
//     apiKey scheme.
//   - each request → one operation: :param and {{var}} path segments, and
//     literal ids after a resource name (UUIDs, numbers, 24-digit hex
//     object ids) → path parameters; query, header and cookie entries →
//     parameters; the body (raw JSON, with // comments stripped;
//     urlencoded, form-data, file) → requestBody with its example and a
//     schema inferred from it; saved examples → responses by status code;
//     the folder path → the one tag.
//   - operationIds are verb first and unique: the verb the method or the
//     path states (/guests/create → createGuest, /rooms/edit →
//     updateRoom), qualified by more of the path, the folder or the path's
//     parameters when two would clash, never by a counter.
//
// Every guess is a note: types and formats inferred from an example
// (formats only on strong evidence, never for keys that name secrets),
// unquoted {{variables}} typed from the environment, the variable's type
// or the description, literal ids made parameters, variables inlined into
// servers, placeholders, and operations marked public.
//
// What OpenAPI has no field for (scripts, unknown keys, unsupported auth
// types or body modes, duplicate method+path pairs, unused variables) is
// kept as an x-postman-* extension and listed in [Result.Notes]; the
// documenter's page settings (theme, layout, code-sample languages) are
// the only thing left out, and a note names them. The output depends only
// on the input: keys keep the collection's order and maps are sorted.
package postman
