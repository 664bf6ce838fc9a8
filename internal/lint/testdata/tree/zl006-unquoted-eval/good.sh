#!/usr/bin/env bash
eval "$(zenv env bash -p prod)"
eval $(ssh-agent -s)
echo $(zenv version)
