#!/usr/bin/env bash
eval $(zenv env bash -p prod)
eval `zenv env bash`
if true; then eval $(/usr/local/bin/zenv env bash | cat); fi
