// Copyright 2023 The Oto Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

//go:build playstation5

package oto

import (
	"github.com/ebitengine/oto/v3/internal/mux"
)

type context struct {
	mux *mux.Mux
}

func newContext(sampleRate int, channelCount int, format mux.Format, bufferSizeInBytes int) (*context, chan struct{}, error) {
	ready := make(chan struct{})
	close(ready)

	c := &context{
		mux: mux.New(sampleRate, channelCount, format),
	}
	// TODO: Implement the context.
	return c, ready, nil
}

func (c *context) Suspend() error {
	// Do nothing so far.
	return nil
}

func (c *context) Resume() error {
	// Do nothing so far.
	return nil
}

func (c *context) Err() error {
	return nil
}
