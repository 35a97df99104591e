// Package plaidemulator starts plaid-emulator in a container for a test,
// with Testcontainers for Go:
//
//	c, err := plaidemulator.Run(ctx, "plaid-emulator:latest", plaidemulator.WithSeed(7))
//	defer testcontainers.TerminateContainer(c)
//	url, err := c.BaseURL(ctx) // http://127.0.0.1:NNNNN, for plaid.NewConfiguration's server URL
//
// It is a module of its own, so the emulator's module gains no dependency.
package plaidemulator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// Port is the emulator's port inside the container.
const Port = "7777/tcp"

// Container is a running plaid-emulator.
type Container struct {
	testcontainers.Container
}

// BaseURL is the emulator's address from the test's side.
func (c *Container) BaseURL(ctx context.Context) (string, error) {
	host, err := c.Host(ctx)
	if err != nil {
		return "", err
	}
	port, err := c.MappedPort(ctx, Port)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("http://%s:%s", host, port.Port()), nil
}

// Run starts image (built from the repository's Dockerfile) and waits for
// /_emulator/health. Options are Testcontainers customizers: this
// package's With* and Testcontainers' own (testcontainers.WithEnv, …).
func Run(ctx context.Context, image string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	req := testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        image,
			ExposedPorts: []string{Port},
			Env:          map[string]string{"PLAID_EMULATOR_ADDR": "0.0.0.0:7777"},
			WaitingFor:   wait.ForHTTP("/_emulator/health").WithPort(Port).WithStartupTimeout(60 * time.Second),
		},
		Started: true,
	}
	for _, o := range opts {
		if err := o.Customize(&req); err != nil {
			return nil, err
		}
	}
	c, err := testcontainers.GenericContainer(ctx, req)
	var out *Container
	if c != nil {
		out = &Container{Container: c}
	}
	if err != nil {
		return out, fmt.Errorf("start plaid-emulator: %w", err)
	}
	return out, nil
}

// WithSeed makes the run repeatable (--seed).
func WithSeed(seed int64) testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"PLAID_EMULATOR_SEED": strconv.FormatInt(seed, 10)})
}

// WithFixtures copies the YAML files of dir into the image's /fixtures,
// laid over the built-in data.
func WithFixtures(dir string) testcontainers.CustomizeRequestOption {
	return withDir(dir, "/fixtures")
}

// WithScenarios copies the YAML files of dir into /scenarios.
func WithScenarios(dir string) testcontainers.CustomizeRequestOption {
	return withDir(dir, "/scenarios")
}

// WithState keeps state in /state/emulator.db (--state): it survives the
// container's stop and start.
func WithState() testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{"PLAID_EMULATOR_STATE": "/state/emulator.db"})
}

// WithFlags passes more of the binary's flags as their env twins, e.g.
// {"FREEZE_CLOCK": "1"} for --freeze-clock.
func WithFlags(twins map[string]string) testcontainers.CustomizeRequestOption {
	env := map[string]string{}
	for k, v := range twins {
		env["PLAID_EMULATOR_"+k] = v
	}
	return testcontainers.WithEnv(env)
}

func withDir(dir, to string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			req.Files = append(req.Files, testcontainers.ContainerFile{
				HostFilePath: filepath.Join(dir, e.Name()), ContainerFilePath: to + "/" + e.Name(), FileMode: 0o644})
		}
		return nil
	}
}
