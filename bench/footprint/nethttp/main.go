// Command nethttp sends one Usermost event with net/http alone: the
// baseline the other footprint programs are measured against.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	body, err := json.Marshal(map[string]any{"userId": "u-42", "eventName": "Signed Up"})
	if err != nil {
		panic(err)
	}
	req, err := http.NewRequest(http.MethodPost, os.Args[1]+"/v1/accounts/lc/events", bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("USERMOST_API_KEY"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
}
