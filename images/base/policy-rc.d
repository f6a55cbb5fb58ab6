#!/bin/sh
# Services are never started by package scripts inside an image build.
exit 101
