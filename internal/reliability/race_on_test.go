//go:build race

package reliability

// raceDetector slows everything several times over; timing limits scale.
const raceDetector = true
