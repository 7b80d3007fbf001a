// Command deploy-tools validates a Helm chart with no cluster: helm lint, helm template, then every
// rendered object decoded strictly against the Kubernetes API types, and custom resources checked
// against their operators' CRD schemas.
//
// Helm and the checker share one binary so the Kubernetes packages compile once (issue 17).
//
//	deploy-tools check    -chart DIR [-values FILE] [-namespace NS] [-crds DIR]  -> JSON report on stdout
//	deploy-tools template -chart DIR [-values FILE] [-namespace NS]              -> the rendered manifest
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/lint/support"
	"helm.sh/helm/v3/pkg/releaseutil"
	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

type lintMessage struct {
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Message  string `json:"message"`
}

type objectResult struct {
	Source string   `json:"source"`
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	Check  string   `json:"check"` // "kubernetes", "crd", or "none" when no schema was available
	Errors []string `json:"errors"`
}

type report struct {
	Lint    []lintMessage  `json:"lint"`
	Objects []objectResult `json:"objects"`
	OK      bool           `json:"ok"`
}

type crdSchema struct {
	structural *structuralschema.Structural
	validator  validation.SchemaValidator
}

func main() {
	if len(os.Args) < 2 {
		fail(2, "usage: deploy-tools check|template -chart DIR [-values FILE] [-namespace NS] [-crds DIR]")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	chartDir := fs.String("chart", "", "chart directory")
	valuesFile := fs.String("values", "", "values file (YAML)")
	namespace := fs.String("namespace", "platform", "release namespace")
	var crdDirs multi
	fs.Var(&crdDirs, "crds", "directory of CustomResourceDefinition YAML files (repeatable)")
	_ = fs.Parse(os.Args[2:])
	if *chartDir == "" {
		fail(2, "-chart is required")
	}
	vals, err := readValues(*valuesFile)
	if err != nil {
		fail(2, err.Error())
	}

	switch os.Args[1] {
	case "template":
		manifest, err := template(*chartDir, vals, *namespace)
		if err != nil {
			fail(1, err.Error())
		}
		fmt.Print(manifest)
	case "check":
		r := check(*chartDir, vals, *namespace, crdDirs)
		out, _ := json.MarshalIndent(r, "", "  ")
		fmt.Println(string(out))
		if !r.OK {
			os.Exit(1)
		}
	default:
		fail(2, "unknown subcommand "+os.Args[1]+" (expected check or template)")
	}
}

func check(chartDir string, vals map[string]interface{}, namespace string, crdDirs []string) report {
	r := report{OK: true, Lint: []lintMessage{}, Objects: []objectResult{}}
	// `helm lint --strict`: warnings fail too.
	for _, m := range lint.All(chartDir, vals, namespace, false).Messages {
		r.Lint = append(r.Lint, lintMessage{Severity: severity(m.Severity), Path: m.Path, Message: m.Err.Error()})
		if m.Severity >= support.WarningSev {
			r.OK = false
		}
	}

	manifest, err := template(chartDir, vals, namespace)
	if err != nil {
		r.OK = false
		r.Objects = append(r.Objects, objectResult{Source: "helm template", Check: "kubernetes", Errors: []string{err.Error()}})
		return r
	}
	crds, err := loadCRDs(crdDirs)
	if err != nil {
		fail(2, err.Error())
	}
	r.Objects = checkManifest(manifest, crds)
	for _, o := range r.Objects {
		if len(o.Errors) > 0 {
			r.OK = false
		}
	}
	return r
}

// template is `helm template`: render with Helm's default capabilities (values checked against
// values.schema.json on the way), partials and NOTES.txt left out, objects in install order. It uses
// helm's engine rather than action.Install, which would pull kubectl and kustomize into the build.
func template(chartDir string, vals map[string]interface{}, namespace string) (string, error) {
	chrt, err := loader.Load(chartDir)
	if err != nil {
		return "", err
	}
	if err := chartutil.ProcessDependenciesWithMerge(chrt, vals); err != nil {
		return "", err
	}
	options := chartutil.ReleaseOptions{Name: "platform", Namespace: namespace, Revision: 1, IsInstall: true}
	top, err := chartutil.ToRenderValues(chrt, vals, options, chartutil.DefaultCapabilities.Copy())
	if err != nil {
		return "", err
	}
	files, err := engine.Render(chrt, top)
	if err != nil {
		return "", err
	}
	for name := range files {
		if strings.HasSuffix(name, "NOTES.txt") {
			delete(files, name)
		}
	}
	_, manifests, err := releaseutil.SortManifests(files, nil, releaseutil.InstallOrder)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, m := range manifests {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", m.Name, m.Content)
	}
	return b.String(), nil
}

func checkManifest(manifest string, crds map[schema.GroupVersionKind]crdSchema) []objectResult {
	strict := kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, kjson.SerializerOptions{Yaml: true, Strict: true})
	docs := releaseutil.SplitManifests(manifest)
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	sort.Sort(releaseutil.BySplitManifestsOrder(keys))
	results := []objectResult{}
	for _, k := range keys {
		doc := docs[k]
		var head struct {
			APIVersion string            `json:"apiVersion"`
			Kind       string            `json:"kind"`
			Metadata   metav1.ObjectMeta `json:"metadata"`
		}
		res := objectResult{Source: sourceOf(doc), Errors: []string{}}
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			res.Errors = append(res.Errors, err.Error())
			results = append(results, res)
			continue
		}
		res.Kind, res.Name = head.Kind, head.Metadata.Name
		gvk := schema.FromAPIVersionAndKind(head.APIVersion, head.Kind)
		switch {
		case scheme.Scheme.Recognizes(gvk):
			res.Check = "kubernetes"
			if _, _, err := strict.Decode([]byte(doc), nil, nil); err != nil {
				res.Errors = append(res.Errors, err.Error())
			}
		case crds[gvk].validator != nil:
			res.Check = "crd"
			res.Errors = append(res.Errors, checkCustomResource([]byte(doc), crds[gvk])...)
		default:
			res.Check = "none"
		}
		results = append(results, res)
	}
	return results
}

// checkCustomResource does what the API server does with a CR: unknown fields (pruning) and the
// OpenAPI schema (types, enums, required, patterns) are both errors here.
func checkCustomResource(doc []byte, s crdSchema) []string {
	// Integers stay int64, as the API server decodes them, so "integer" fields validate as such.
	var obj map[string]interface{}
	data, err := yaml.YAMLToJSON(doc)
	if err == nil {
		err = utiljson.Unmarshal(data, &obj)
	}
	if err != nil {
		return []string{err.Error()}
	}
	errs := []string{}
	opts := structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}
	for _, p := range pruning.PruneWithOptions(deepCopy(obj), s.structural, true, opts) {
		errs = append(errs, fmt.Sprintf("unknown field %q", p))
	}
	for _, e := range validation.ValidateCustomResource(field.NewPath(""), obj, s.validator) {
		errs = append(errs, e.Error())
	}
	return errs
}

func loadCRDs(dirs []string) (map[schema.GroupVersionKind]crdSchema, error) {
	out := map[schema.GroupVersionKind]crdSchema{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			var crd apiextensionsv1.CustomResourceDefinition
			if err := yaml.Unmarshal(data, &crd); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			if crd.Kind != "CustomResourceDefinition" {
				continue
			}
			for _, v := range crd.Spec.Versions {
				if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
					continue
				}
				internal := &apiextensions.JSONSchemaProps{}
				if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, internal, nil); err != nil {
					return nil, fmt.Errorf("%s %s: %w", f, v.Name, err)
				}
				structural, err := structuralschema.NewStructural(internal)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", f, v.Name, err)
				}
				validator, _, err := validation.NewSchemaValidator(internal)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", f, v.Name, err)
				}
				gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: v.Name, Kind: crd.Spec.Names.Kind}
				out[gvk] = crdSchema{structural: structural, validator: validator}
			}
		}
	}
	return out, nil
}

func readValues(file string) (map[string]interface{}, error) {
	if file == "" {
		return map[string]interface{}{}, nil
	}
	v, err := chartutil.ReadValuesFile(file)
	if err != nil {
		return nil, err
	}
	return v.AsMap(), nil
}

func sourceOf(doc string) string {
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "# Source: ") {
			return strings.TrimPrefix(line, "# Source: ")
		}
	}
	return ""
}

func severity(s int) string {
	switch s {
	case support.ErrorSev:
		return "error"
	case support.WarningSev:
		return "warning"
	case support.InfoSev:
		return "info"
	}
	return "unknown"
}

func deepCopy(obj map[string]interface{}) map[string]interface{} {
	data, _ := json.Marshal(obj)
	var out map[string]interface{}
	_ = utiljson.Unmarshal(data, &out)
	return out
}

func fail(code int, msg string) {
	fmt.Fprintln(os.Stderr, "deploy-tools: "+msg)
	os.Exit(code)
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }
